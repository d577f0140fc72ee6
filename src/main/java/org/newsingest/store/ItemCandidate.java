package org.newsingest.store;

import java.util.List;
import java.util.Optional;
import org.newsingest.dedupe.IdentityPolicy;
import org.newsingest.dedupe.StoryFingerprint.Fingerprint;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.tag.Topic;

/**
 * An entry of a polled feed, ready to be stored: its identity key (and the policy it was made
 * under), content hash, story fingerprint (empty for short texts) and topics.
 *
 * @param linkIdentifies whether the entry's link is its own within the document; a link several
 *     entries share (a live ticker's page) identifies none of them, so it is neither claimed as the
 *     item's canonical URL nor read for a story key
 * @param guidCollides whether the document uses the entry's GUID for other links too
 */
public record ItemCandidate(String identityKey, IdentityPolicy keyedBy, boolean linkIdentifies, boolean guidCollides, NormalizedItem item,
                            String contentHash, Optional<Fingerprint> fingerprint, List<Topic> topics) {}
