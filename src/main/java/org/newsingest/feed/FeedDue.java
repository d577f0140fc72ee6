package org.newsingest.feed;

/**
 * A feed was made due now (subscribed, "poll now", re-enabled). Fired inside the transaction that
 * did it; the scheduler observes it after the commit and looks for work at once instead of at
 * the end of its idle wait.
 */
public record FeedDue(long feedId) {}
