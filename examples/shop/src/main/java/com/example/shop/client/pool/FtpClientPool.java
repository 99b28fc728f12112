package com.example.shop.client.pool;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.io.InputStream;

@Component
public class FtpClientPool implements DisposableBean {
    // Right: one pool, built once, of one type; the factory's validateObject runs on every borrow; closed with the bean.
    private final GenericObjectPool<FTPClient> pool = new GenericObjectPool<>(new FtpClientFactory("ftp.example.com"), testedOnBorrow());
    private FTPClient current;

    private static GenericObjectPoolConfig<FTPClient> testedOnBorrow() {
        GenericObjectPoolConfig<FTPClient> config = new GenericObjectPoolConfig<>();
        config.setTestOnBorrow(true);
        return config;
    }

    @Override
    public void destroy() {
        pool.close();
    }

    // Right: returned in a finally.
    public void upload(String name, InputStream in) throws Exception {
        FTPClient ftp = pool.borrowObject();
        try {
            ftp.storeFile(name, in);
        } finally {
            pool.returnObject(ftp);
        }
    }

    // Right: a broken client is invalidated, a good one returned.
    public void uploadChecked(String name, InputStream in) throws Exception {
        FTPClient ftp = pool.borrowObject();
        boolean ok = false;
        try {
            ok = ftp.storeFile(name, in);
        } finally {
            if (ok) {
                pool.returnObject(ftp);
            } else {
                pool.invalidateObject(ftp);
            }
        }
    }

    // Wrong: an exception from storeFile keeps the client from the pool.
    public void uploadLeaking(String name, InputStream in) throws Exception {
        FTPClient ftp = pool.borrowObject(); // expect: POOL-03
        ftp.storeFile(name, in);
        pool.returnObject(ftp);
    }

    // Wrong twice: returned after logout (a dead client for the next borrower), and never returned if logout throws.
    public void uploadAndLogout(String name, InputStream in) throws Exception {
        FTPClient ftp = pool.borrowObject(); // expect: POOL-03
        try {
            ftp.storeFile(name, in);
        } finally {
            ftp.logout();
            pool.returnObject(ftp); // expect: POOL-03
        }
    }

    // Wrong: when the borrow fails, null is returned to the pool.
    public void uploadReturningNull(String name, InputStream in) throws Exception {
        FTPClient ftp = null;
        try {
            ftp = pool.borrowObject();
            ftp.storeFile(name, in);
        } finally {
            pool.returnObject(ftp); // expect: POOL-03
        }
    }

    // Wrong: the borrowed client is kept in a field.
    public void connectForLater() throws Exception {
        current = pool.borrowObject(); // expect: POOL-04
    }

    // Right: lent out on purpose; the caller gives it back with giveBack (and the contract lists it in ownershipTransfer).
    public FTPClient checkOut() throws Exception {
        return pool.borrowObject();
    }

    public void giveBack(FTPClient ftp) {
        pool.returnObject(ftp);
    }

    public FTPClient current() {
        return current;
    }
}
