package org.guidedmixup.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.util.List;
import java.util.Locale;

/**
 * Typed access to one block of HOCON (the {@code augment} or the {@code train} block) whose every
 * failure is a {@link ConfigError}: one line naming the key, the value given and what is allowed.
 * Named for what it reads, so that it does not collide with {@code java.io.Reader}.
 *
 * @param c the block
 */
public record ConfigValues(Config c) {
    /** The values of {@code root}'s block {@code name} ("augment", "train"); a missing block is refused in one line. */
    public static ConfigValues block(Config root, String name) {
        try {
            return new ConfigValues(root.getConfig(name));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigError("configuration has no '" + name + "' block: " + e.getMessage());
        }
    }

    public String string(String key) {
        if (!c.hasPathOrNull(key) || c.getIsNull(key)) {
            return "";
        }
        try {
            return c.getString(key).trim();
        } catch (ConfigException e) {
            throw new ConfigError(key + ": expected a text value, got " + c.getValue(key).render());
        }
    }

    public String raw(String key) {
        if (!c.hasPath(key)) {
            throw new ConfigError(key + ": missing; it must be set (see conf/augment.conf)");
        }
        return String.valueOf(c.getValue(key).unwrapped());
    }

    public int intIn(String key, int min, int max) {
        long v = longIn(key, min, max);
        return (int) v;
    }

    public long longValue(String key) {
        return longIn(key, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public long longIn(String key, long min, long max) {
        String s = raw(key);
        long v;
        try {
            v = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new ConfigError(key + ": got '" + s + "', expected a whole number"
                    + (min > Long.MIN_VALUE ? " >= " + min : ""));
        }
        if (v < min || v > max) {
            throw new ConfigError(key + ": got " + v + ", allowed: " + min + (max == Long.MAX_VALUE || max >= 1_000_000
                    ? " or more" : ".." + max));
        }
        return v;
    }

    public double doubleIn(String key, double min, double max) {
        String s = raw(key);
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new ConfigError(key + ": got '" + s + "', expected a number in [" + min + ", " + max + "]");
        }
        if (!(v >= min && v <= max)) {
            throw new ConfigError(key + ": got " + s + ", allowed: a number in [" + min + ", " + max + "]");
        }
        return v;
    }

    public boolean bool(String key) {
        String s = raw(key).trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigError(key + ": got '" + s + "', allowed: true, false");
        };
    }

    public long bytes(String key, long min, long max) {
        long v;
        try {
            v = c.getBytes(key);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new ConfigError(key + ": got '" + raw(key) + "', expected a size such as 8MB or 1048576");
        } catch (ConfigException.Missing e) {
            throw new ConfigError(key + ": missing; it must be set (see conf/augment.conf)");
        }
        if (v < min || v > max) {
            throw new ConfigError(key + ": got " + v + " bytes, allowed: " + min + ".." + max);
        }
        return v;
    }

    public List<String> strings(String key) {
        if (!c.hasPath(key)) {
            return List.of();
        }
        Object v = c.getValue(key).unwrapped();
        if (v instanceof List<?> l) {
            return l.stream().map(o -> String.valueOf(o).trim()).toList();
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? List.of() : java.util.Arrays.stream(s.split(",")).map(String::trim).toList();
    }

    public double[] doubles(String key) {
        if (!c.hasPath(key)) {
            return new double[0];
        }
        Object v = c.getValue(key).unwrapped();
        List<?> items;
        if (v instanceof List<?> l) {
            items = l;
        } else {
            String s = String.valueOf(v).trim();
            items = s.isEmpty() ? List.of() : List.of(s.split(","));
        }
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            String s = String.valueOf(items.get(i)).trim();
            try {
                out[i] = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new ConfigError(key + ": got '" + s + "', expected comma-separated numbers such as 0.5,0.5,0.5");
            }
        }
        return out;
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String s = raw(key).trim();
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (e.name().replace('_', '-').equalsIgnoreCase(s)) {
                return e;
            }
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new ConfigError(key + ": got '" + s + "', allowed: " + allowed);
    }
}
