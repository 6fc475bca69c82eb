package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Message digests by JCA name, for hashing uploads and verifying downloads. */
final class Digests {
    private Digests() {
    }

    /** A fresh digest; a JVM without it is a {@link BackendUnavailableException} naming the algorithm. */
    static MessageDigest create(String jcaName) {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new BackendUnavailableException("this JVM lacks the digest " + jcaName + " needed to hash or verify "
                    + "image data", e);
        }
    }
}
