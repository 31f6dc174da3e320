package dev.calloutcomes.livekit;

/**
 * Normalizes phone numbers to E.164. Handles what SIP trunks and room names carry: a leading
 * {@code +}, an international {@code 00} prefix, {@code sip:}/{@code tel:} URIs, punctuation, and
 * national numbers (given the default country calling code). Not a full numbering-plan validator.
 */
final class PhoneNumbers {
    private PhoneNumbers() {
    }

    /** E.164 form of {@code raw}, or null when it holds too few or too many digits. */
    static String toE164(String raw, String defaultCountryCode) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        if (s.startsWith("sip:") || s.startsWith("tel:")) {
            s = s.substring(4);
        }
        boolean international = s.startsWith("+");
        StringBuilder digits = new StringBuilder(16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (" -().+/".indexOf(c) < 0) {
                return null;
            }
        }
        String d = digits.toString();
        if (!international && d.startsWith("00")) {
            d = d.substring(2);
            international = true;
        }
        if (!international) {
            if (d.startsWith("0")) {
                d = d.substring(1);
            }
            boolean alreadyPrefixed = d.startsWith(defaultCountryCode) && d.length() > 10;
            if (!alreadyPrefixed) {
                d = defaultCountryCode + d;
            }
        }
        return d.length() >= 7 && d.length() <= 15 && d.charAt(0) != '0' ? "+" + d : null;
    }
}
