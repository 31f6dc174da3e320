package dev.calloutcomes.livekit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression over room names whose named groups ({@code phone}, {@code tenant},
 * {@code campaign}, {@code lead}, {@code direction}) give call facts. The default matches the seed
 * design's {@code sip-7678189426__1730000000__abc}. Immutable and thread-safe.
 */
public final class RoomNamePattern {
    static final String[] GROUPS = {"phone", "tenant", "campaign", "lead", "direction"};
    /** {@code sip-<phone>__<unix seconds>__<suffix>}. */
    public static final RoomNamePattern SEED = of("^sip-(?<phone>\\+?\\d{5,15})__\\d+__.+$");

    private final Pattern pattern;

    private RoomNamePattern(Pattern pattern) {
        this.pattern = pattern;
    }

    /** A pattern from a regex with named groups (any of phone, tenant, campaign, lead, direction). */
    public static RoomNamePattern of(String regex) {
        return new RoomNamePattern(Pattern.compile(regex));
    }

    /** The named groups that matched, or an empty map. */
    public Map<String, String> match(String roomName) {
        if (roomName == null) {
            return Map.of();
        }
        Matcher m = pattern.matcher(roomName);
        if (!m.matches()) {
            return Map.of();
        }
        Map<String, String> groups = new LinkedHashMap<>();
        for (String group : GROUPS) {
            if (pattern.pattern().contains("(?<" + group + ">") && m.group(group) != null) {
                groups.put(group, m.group(group));
            }
        }
        return Map.copyOf(groups);
    }

    @Override
    public String toString() {
        return "RoomNamePattern[" + pattern.pattern() + "]";
    }
}
