package org.newsingest.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import org.newsingest.feed.Feed;
import org.newsingest.store.Item;
import org.newsingest.store.ItemSighting;

/** The read-only queries a preview needs to tell what storing would decide. Nothing here writes. */
@ApplicationScoped
public class PreviewLookups {

    /** A live subscription whose normalised URL is {@code normalizedUrl}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Feed> subscribedFeed(String normalizedUrl) {
        return Feed.findByNormalizedUrl(normalizedUrl).filter(f -> f.deletedAt == null);
    }

    /** The item already stored under this identity key in this feed, with the sighting's reason. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Item> itemBySighting(long feedId, String identityKey) {
        return ItemSighting.findByIdentity(feedId, identityKey).flatMap(s -> Item.<Item>findByIdOptional(s.itemId));
    }

    /** The item already stored with this canonical URL, from any feed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Item> itemByCanonicalUrl(String canonicalUrl) {
        return Item.<Item>find("canonicalUrl", canonicalUrl).firstResultOptional();
    }
}
