package org.newsingest.feed;

/** The outcome of a subscription request. */
public sealed interface SubscribeResult {

    record Created(Feed feed) implements SubscribeResult {}

    /** The (normalised) URL is already subscribed. */
    record AlreadySubscribed(Feed feed) implements SubscribeResult {}

    /** The request cannot be honoured as written: malformed URL, refused address, bad interval. */
    record Rejected(String code, String detail) implements SubscribeResult {}
}
