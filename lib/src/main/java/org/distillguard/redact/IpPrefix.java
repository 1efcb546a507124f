package org.distillguard.redact;

/**
 * Network prefix of an IP address in canonical text form: the /24 of IPv4 ({@code 203.0.113.0/24}) and the /48 of
 * IPv6 ({@code 2001:db8:abcd::/48}, RFC 5952). IPv4-mapped IPv6 addresses count as IPv4. Parses by hand and never
 * resolves names.
 */
final class IpPrefix {
    private IpPrefix() {}

    /** The prefix, or null if {@code address} is null or not an IP address. */
    static String of(String address) {
        if (address == null) {
            return null;
        }
        String text = address.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        if (text.indexOf(':') < 0) {
            int[] octets = parseIpv4(text);
            return octets == null ? null : ipv4Prefix(octets);
        }
        int[] groups = parseIpv6(text);
        if (groups == null) {
            return null;
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 && groups[5] == 0xffff) {
            return ipv4Prefix(new int[] {groups[6] >>> 8, groups[6] & 0xff, groups[7] >>> 8});
        }
        return ipv6Prefix(groups);
    }

    private static String ipv4Prefix(int[] octets) {
        return octets[0] + "." + octets[1] + "." + octets[2] + ".0/24";
    }

    private static String ipv6Prefix(int[] groups) {
        int[] prefix = {groups[0], groups[1], groups[2], 0, 0, 0, 0, 0};
        // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (prefix[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && prefix[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(24);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(prefix[i]));
        }
        return out.append("/48").toString();
    }

    /** Four octets of a dotted quad of decimals without leading zeros, or null. */
    static int[] parseIpv4(String text) {
        int[] octets = new int[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return null;
                }
                octets[part++] = value;
                value = 0;
                digits = 0;
            }
            else if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return null; // leading zero: ambiguous (octal in some parsers)
                }
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            }
            else {
                return null;
            }
        }
        return part == 4 ? octets : null;
    }

    /** Eight 16-bit groups of an IPv6 address (with {@code ::} and an optional trailing dotted quad), or null. */
    static int[] parseIpv6(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = parseGroups(head, doubleColon < 0);
        int[] tailGroups = parseGroups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        if (doubleColon < 0 && headGroups.length != 8 || doubleColon >= 0 && headGroups.length + tailGroups.length > 7) {
            return null;
        }
        int[] groups = new int[8];
        System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
        return groups;
    }

    /** Colon-separated hex groups; the last may be a dotted quad (two groups) when {@code last} is true. */
    private static int[] parseGroups(String text, boolean last) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        int[] groups = new int[parts.length + 1];
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (last && i == parts.length - 1 && part.indexOf('.') >= 0) {
                int[] octets = parseIpv4(part);
                if (octets == null) {
                    return null;
                }
                groups[count++] = octets[0] << 8 | octets[1];
                groups[count++] = octets[2] << 8 | octets[3];
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                int digit = Character.digit(part.charAt(j), 16);
                if (digit < 0) {
                    return null;
                }
                value = value << 4 | digit;
            }
            groups[count++] = value;
        }
        if (count > 8) {
            return null;
        }
        return java.util.Arrays.copyOf(groups, count);
    }
}
