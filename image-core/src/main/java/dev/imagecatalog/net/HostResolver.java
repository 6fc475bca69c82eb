package dev.imagecatalog.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a DNS name into its addresses. {@link AddressGuard} resolves each name once through it, checks every address
 * it returns, and the connection goes to one of those addresses; tests give a resolver of their own.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * Every address of {@code name}.
     *
     * @param name a DNS name, lower-case, without a trailing dot
     * @return its addresses (IPv4 and IPv6), never empty
     * @throws UnknownHostException if the name does not resolve
     */
    List<InetAddress> resolve(String name) throws UnknownHostException;

    /**
     * The JVM's resolver ({@link InetAddress#getAllByName}).
     *
     * @return a resolver asking the system
     */
    static HostResolver system() {
        return name -> List.of(InetAddress.getAllByName(name));
    }
}
