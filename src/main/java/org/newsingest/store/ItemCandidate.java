package org.newsingest.store;

import java.util.List;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.tag.Topic;

/** An entry of a polled feed, ready to be stored: its identity key, content and topics. */
public record ItemCandidate(String identityKey, NormalizedItem item, String contentHash, List<Topic> topics) {}
