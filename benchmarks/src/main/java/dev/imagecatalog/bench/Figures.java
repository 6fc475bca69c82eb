package dev.imagecatalog.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Prints figures, one {@code name value unit} line each on standard output; commentary goes to standard error
 * prefixed with {@code #}, so standard output holds only figures.
 *
 * <p>MB/s figures are 10^6 bytes per second; MiB is 2^20 bytes.
 */
final class Figures {
    private Figures() {
    }

    static void print(String name, double value, String unit) {
        double a = Math.abs(value);
        String v = String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.4f", value);
        System.out.println(name + " " + v + " " + unit);
        System.out.flush();
    }

    static void note(String format, Object... args) {
        System.err.println("# " + String.format(Locale.ROOT, format, args));
        System.err.flush();
    }

    /** 10^6 bytes per second. */
    static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    /** A size such as {@code 2GiB}, {@code 256MiB}, {@code 64MB} or a number of bytes. */
    static long parseSize(String s) {
        String t = s.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a size: '" + s + "' (try 2GiB, 256MiB, 64MB or a byte count)");
        }
        long n = Long.parseLong(t.substring(0, i));
        switch (t.substring(i).trim()) {
            case "": case "B": return n;
            case "KiB": return n << 10;
            case "MiB": return n << 20;
            case "GiB": return n << 30;
            case "KB": return n * 1_000L;
            case "MB": return n * 1_000_000L;
            case "GB": return n * 1_000_000_000L;
            default: throw new IllegalArgumentException("unknown size unit in '" + s + "'");
        }
    }

    /** The median of {@code nanos} (the mean of the middle two for an even count), in milliseconds. */
    static double medianMillis(long[] nanos) {
        return median(Arrays.stream(nanos).asDoubleStream().toArray()) / 1e6;
    }

    /** The median of {@code values} (the mean of the middle two for an even count); {@code values} is not changed. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
