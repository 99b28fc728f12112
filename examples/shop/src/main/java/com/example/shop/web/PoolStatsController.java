package com.example.shop.web;

import com.example.shop.client.pool.FtpClientPool;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PoolStatsController {
    private final GenericObjectPool<FTPClient> ftpPool;
    private final FtpClientPool clients;

    public PoolStatsController(GenericObjectPool<FTPClient> ftpPool, FtpClientPool clients) {
        this.ftpPool = ftpPool;
        this.clients = clients;
    }

    // Wrong: the web layer borrows from the pool itself.
    @GetMapping("/ftp/files")
    public String[] files() throws Exception {
        FTPClient ftp = ftpPool.borrowObject(); // expect: POOL-07
        try {
            return ftp.listNames();
        } finally {
            ftpPool.returnObject(ftp); // expect: POOL-07
        }
    }

    // Right: through the client layer.
    @GetMapping("/ftp/status")
    public String status() {
        return clients.current() == null ? "idle" : "busy";
    }
}
