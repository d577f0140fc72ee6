package org.newsingest.store;

import java.util.List;
import java.util.Optional;
import org.newsingest.dedupe.EntryIdentity;
import org.newsingest.dedupe.StoryFingerprint.Fingerprint;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.tag.Topic;

/**
 * An entry of a polled feed, ready to be stored: its identity (key, the policy it was made under,
 * what the document shows about its link and GUID), content hash, story fingerprint (empty for
 * short texts) and topics.
 */
public record ItemCandidate(EntryIdentity identity, NormalizedItem item, String contentHash, Optional<Fingerprint> fingerprint,
                            List<Topic> topics) {

    public String identityKey() {
        return identity.key();
    }
}
