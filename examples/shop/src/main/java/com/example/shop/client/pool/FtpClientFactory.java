package com.example.shop.client.pool;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;

import java.io.IOException;

// Right: validates, destroys and resets (passivateObject) the FTP clients it pools.
public class FtpClientFactory extends BasePooledObjectFactory<FTPClient> {
    private final String host;

    public FtpClientFactory(String host) {
        this.host = host;
    }

    @Override
    public FTPClient create() throws IOException {
        FTPClient ftp = new FTPClient();
        ftp.connect(host);
        ftp.login("shop", "secret");
        return ftp;
    }

    @Override
    public PooledObject<FTPClient> wrap(FTPClient ftp) {
        return new DefaultPooledObject<>(ftp);
    }

    @Override
    public boolean validateObject(PooledObject<FTPClient> p) {
        try {
            return p.getObject().sendNoOp();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void passivateObject(PooledObject<FTPClient> p) throws IOException {
        p.getObject().changeWorkingDirectory("/");
    }

    @Override
    public void destroyObject(PooledObject<FTPClient> p) throws IOException {
        p.getObject().disconnect();
    }
}
