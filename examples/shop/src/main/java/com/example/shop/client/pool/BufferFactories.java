package com.example.shop.client.pool;

import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;

import java.io.IOException;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

public final class BufferFactories {
    private BufferFactories() {
    }

    // Wrong: no passivateObject, so a returned builder keeps its contents.
    public static class DirtyBuilderFactory extends BasePooledObjectFactory<StringBuilder> { // expect: POOL-01
        @Override
        public StringBuilder create() {
            return new StringBuilder(1024);
        }

        @Override
        public PooledObject<StringBuilder> wrap(StringBuilder b) {
            return new DefaultPooledObject<>(b);
        }
    }

    // Wrong: passivateObject that resets nothing.
    public static class NoOpResetFactory extends BasePooledObjectFactory<StringBuilder> {
        @Override
        public StringBuilder create() {
            return new StringBuilder(1024);
        }

        @Override
        public PooledObject<StringBuilder> wrap(StringBuilder b) {
            return new DefaultPooledObject<>(b);
        }

        @Override
        public void passivateObject(PooledObject<StringBuilder> p) {
            System.out.println("returned after " + p.getBorrowedCount() + " borrows"); // expect: POOL-01
        }
    }

    // Right: the builder is emptied when it goes back.
    public static class BuilderFactory extends BasePooledObjectFactory<StringBuilder> {
        @Override
        public StringBuilder create() {
            return new StringBuilder(1024);
        }

        @Override
        public PooledObject<StringBuilder> wrap(StringBuilder b) {
            return new DefaultPooledObject<>(b);
        }

        @Override
        public void passivateObject(PooledObject<StringBuilder> p) {
            p.getObject().setLength(0);
        }
    }

    // Right: byte buffers pooled by size class; zeroed on return.
    public static class SizeClassFactory extends BaseKeyedPooledObjectFactory<Integer, byte[]> {
        @Override
        public byte[] create(Integer sizeClass) {
            return new byte[sizeClass];
        }

        @Override
        public PooledObject<byte[]> wrap(byte[] b) {
            return new DefaultPooledObject<>(b);
        }

        @Override
        public void passivateObject(Integer sizeClass, PooledObject<byte[]> p) {
            java.util.Arrays.fill(p.getObject(), (byte) 0);
        }
    }

    // Wrong: sockets pooled with neither validation nor destruction.
    public static class SocketFactory extends BasePooledObjectFactory<Socket> { // expect: POOL-02
        @Override
        public Socket create() throws IOException {
            return new Socket("billing.example.com", 9000);
        }

        @Override
        public PooledObject<Socket> wrap(Socket s) {
            return new DefaultPooledObject<>(s);
        }

        @Override
        public void passivateObject(PooledObject<Socket> p) throws IOException {
            p.getObject().setSoTimeout(0);
        }
    }

    // Wrong: JDBC connections validated but never closed when evicted.
    public static class ConnectionFactory extends BasePooledObjectFactory<Connection> { // expect: POOL-02
        @Override
        public Connection create() throws SQLException {
            return DriverManager.getConnection("jdbc:h2:mem:shop");
        }

        @Override
        public PooledObject<Connection> wrap(Connection c) {
            return new DefaultPooledObject<>(c);
        }

        @Override
        public boolean validateObject(PooledObject<Connection> p) {
            try {
                return p.getObject().isValid(1);
            } catch (SQLException e) {
                return false;
            }
        }

        @Override
        public void passivateObject(PooledObject<Connection> p) throws SQLException {
            p.getObject().clearWarnings();
        }
    }

    // Right: sockets validated, reset and closed.
    public static class ManagedSocketFactory extends BasePooledObjectFactory<Socket> {
        @Override
        public Socket create() throws IOException {
            return new Socket("billing.example.com", 9000);
        }

        @Override
        public PooledObject<Socket> wrap(Socket s) {
            return new DefaultPooledObject<>(s);
        }

        @Override
        public boolean validateObject(PooledObject<Socket> p) {
            return p.getObject().isConnected() && !p.getObject().isClosed();
        }

        @Override
        public void passivateObject(PooledObject<Socket> p) throws IOException {
            p.getObject().setSoTimeout(0);
        }

        @Override
        public void destroyObject(PooledObject<Socket> p) throws IOException {
            p.getObject().close();
        }
    }

    // Right: JDBC connections validated, reset and closed (though HikariCP is the better tool).
    public static class ManagedConnectionFactory extends BasePooledObjectFactory<Connection> {
        @Override
        public Connection create() throws SQLException {
            return DriverManager.getConnection("jdbc:h2:mem:shop");
        }

        @Override
        public PooledObject<Connection> wrap(Connection c) {
            return new DefaultPooledObject<>(c);
        }

        @Override
        public boolean validateObject(PooledObject<Connection> p) {
            try {
                return p.getObject().isValid(1);
            } catch (SQLException e) {
                return false;
            }
        }

        @Override
        public void passivateObject(PooledObject<Connection> p) throws SQLException {
            p.getObject().setAutoCommit(true);
        }

        @Override
        public void destroyObject(PooledObject<Connection> p) throws SQLException {
            p.getObject().close();
        }
    }
}
