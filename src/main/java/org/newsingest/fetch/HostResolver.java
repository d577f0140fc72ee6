package org.newsingest.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a host name into addresses. The system resolver in production; tests substitute their own answers. */
@FunctionalInterface
public interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
