package org.newsingest.store;

import java.util.List;
import java.util.OptionalLong;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.tag.Topic;

/**
 * An entry of a polled feed, ready to be stored: its identity key, content hash, story
 * fingerprint (empty for short texts) and topics.
 */
public record ItemCandidate(String identityKey, NormalizedItem item, String contentHash, OptionalLong fingerprint, List<Topic> topics) {}
