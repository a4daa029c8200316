package org.guidedmixup.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Summarises an experiment's train runs: {@code RUNS/<method>/seed-<s>/metrics.json} become a
 * mean ± std table of final top-1 per method (markdown) and a bar chart with error bars (PNG).
 */
public final class ExperimentReport {
    /** One method's final accuracies over seeds. */
    public record MethodResult(String method, List<Double> top1, List<Double> top5, double epochSeconds) {
        public double mean() {
            return top1.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /** Sample standard deviation (n - 1). */
        public double std() {
            return stdOf(top1);
        }

        public double mean5() {
            return top5.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    private ExperimentReport() {
    }

    /** Reads every method folder under {@code runs}, in the order of {@code methods}. */
    public static List<MethodResult> read(Path runs, List<String> methods) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<MethodResult> out = new ArrayList<>();
        for (String method : methods) {
            Path dir = runs.resolve(method);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Double> top1 = new ArrayList<>();
            List<Double> top5 = new ArrayList<>();
            double secs = 0;
            int n = 0;
            try (Stream<Path> seeds = Files.list(dir)) {
                for (Path seed : seeds.sorted().toList()) {
                    Path m = seed.resolve("metrics.json");
                    if (!Files.isRegularFile(m) || !Files.exists(seed.resolve("_SUCCESS"))) {
                        continue;
                    }
                    JsonNode epochs = json.readTree(m.toFile()).path("epochs");
                    JsonNode last = epochs.get(epochs.size() - 1);
                    top1.add(last.path("top1").asDouble());
                    top5.add(last.path("top5").asDouble());
                    for (JsonNode e : epochs) {
                        secs += e.path("seconds").asDouble();
                        n++;
                    }
                }
            }
            if (!top1.isEmpty()) {
                out.add(new MethodResult(method, top1, top5, secs / Math.max(1, n)));
            }
        }
        return out;
    }

    public static String markdownTable(List<MethodResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| method | top-1 (mean ± std) | top-5 (mean) | runs | top-1 per seed | s / epoch |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (MethodResult r : results) {
            StringBuilder per = new StringBuilder();
            for (double v : r.top1()) {
                per.append(per.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", 100 * v));
            }
            sb.append(String.format(Locale.ROOT, "| %s | %.2f ± %.2f %% | %.2f %% | %d | %s | %.1f |%n", r.method(),
                    100 * r.mean(), 100 * r.std(), 100 * r.mean5(), r.top1().size(), per, r.epochSeconds()));
        }
        return sb.toString();
    }

    /** Bar chart of mean top-1 with ± std error bars; the y axis starts near the lowest bar. */
    public static void barChart(List<MethodResult> results, String title, Path png) throws IOException {
        int w = 820;
        int h = 420;
        int pad = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        g.drawString(title, pad, 22);
        double lo = 1;
        double hi = 0;
        for (MethodResult r : results) {
            lo = Math.min(lo, r.mean() - r.std());
            hi = Math.max(hi, r.mean() + r.std());
        }
        lo = Math.max(0, Math.floor((lo - 0.02) * 50) / 50);
        hi = Math.min(1, Math.ceil((hi + 0.01) * 50) / 50);
        int plotH = h - 2 * pad;
        g.drawLine(pad, h - pad, w - pad, h - pad);
        g.drawLine(pad, pad, pad, h - pad);
        for (double t = lo; t <= hi + 1e-9; t += 0.02) {
            int y = (int) (h - pad - plotH * (t - lo) / (hi - lo));
            g.setColor(new Color(230, 230, 230));
            g.drawLine(pad + 1, y, w - pad, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f%%", 100 * t), 18, y + 4);
        }
        int n = results.size();
        int slot = (w - 2 * pad) / Math.max(1, n);
        Map<String, Color> colors = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            MethodResult r = results.get(i);
            int x = pad + i * slot + slot / 6;
            int bw = slot * 2 / 3;
            int y = (int) (h - pad - plotH * (r.mean() - lo) / (hi - lo));
            Color c = r.method().startsWith("guided") ? new Color(60, 110, 200) : new Color(150, 150, 150);
            colors.put(r.method(), c);
            g.setColor(c);
            g.fillRect(x, y, bw, h - pad - y);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.5f));
            int y1 = (int) (h - pad - plotH * (r.mean() + r.std() - lo) / (hi - lo));
            int y2 = (int) (h - pad - plotH * (r.mean() - r.std() - lo) / (hi - lo));
            int cx = x + bw / 2;
            g.drawLine(cx, y1, cx, y2);
            g.drawLine(cx - 6, y1, cx + 6, y1);
            g.drawLine(cx - 6, y2, cx + 6, y2);
            g.drawString(String.format(Locale.ROOT, "%.2f", 100 * r.mean()), cx - 14, y1 - 5);
            g.drawString(r.method(), x, h - pad + 18);
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(img, "png", png.toFile());
    }

    static double stdOf(List<Double> v) {
        if (v.size() < 2) {
            return 0;
        }
        double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.size() - 1));
    }
}
