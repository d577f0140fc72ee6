package org.newsingest.push;

/** Where hubs call this service: the only path an operator exposes to the internet for push. */
public final class CallbackPaths {

    /** {@code /websub/callback/} followed by the subscription's callback id. */
    public static final String PREFIX = "/websub/callback/";

    private CallbackPaths() {}
}
