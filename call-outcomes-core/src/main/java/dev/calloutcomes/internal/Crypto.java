package dev.calloutcomes.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC, SHA-256 and lenient decoding shared by the verifiers. Not API. Stateless; thread-safe. */
public final class Crypto {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    });

    private Crypto() {
    }

    public static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data);
    }

    public static byte[] hmacSha256(SecretKeySpec key, byte[]... parts) {
        Mac mac = HMAC.get();
        try {
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise HmacSHA256", e);
        }
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    public static SecretKeySpec hmacKey(byte[] secret) {
        return new SecretKeySpec(secret, "HmacSHA256");
    }

    /** Decodes standard or URL-safe base64, padded or not; null when the text is not base64. */
    public static byte[] decodeBase64(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            if (s.indexOf('-') >= 0 || s.indexOf('_') >= 0) {
                return Base64.getUrlDecoder().decode(s);
            }
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Decodes hex of either case; null when the text is not an even run of hex digits. */
    public static byte[] decodeHex(String text) {
        int n = text.length();
        if (n == 0 || n % 2 != 0) {
            return null;
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = Character.digit(text.charAt(i), 16);
            int lo = Character.digit(text.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i / 2] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }
}
