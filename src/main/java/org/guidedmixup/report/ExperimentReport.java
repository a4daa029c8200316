package org.guidedmixup.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Summarises an experiment's train runs: {@code RUNS/<method>/seed-<s>/metrics.json} become a
 * mean ± std table of final top-1 per method (markdown), a bar chart with error bars (PNG), and the
 * learning curves of every method in one figure (train loss and test top-1 by epoch, means over seeds).
 */
public final class ExperimentReport {
    /** One method's final accuracies over seeds. */
    public record MethodResult(String method, List<Double> top1, List<Double> top5, double epochSeconds,
                               List<Double> bestTop1, double[] meanLoss, double[] meanTop1) {
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

        /** Mean over seeds of each run's best epoch (a run that peaks early and declines overfits). */
        public double meanBest() {
            return bestTop1.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
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
            List<Double> best = new ArrayList<>();
            List<JsonNode> runsOfMethod = new ArrayList<>();
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
                    double b = Double.NaN;
                    for (JsonNode e : epochs) {
                        secs += e.path("seconds").asDouble();
                        n++;
                        if (e.path("top1").isNumber()) {
                            b = Double.isNaN(b) ? e.path("top1").asDouble() : Math.max(b, e.path("top1").asDouble());
                        }
                    }
                    best.add(b);
                    runsOfMethod.add(epochs);
                }
            }
            if (!top1.isEmpty()) {
                out.add(new MethodResult(method, top1, top5, secs / Math.max(1, n), best,
                        meanByEpoch(runsOfMethod, "loss"), meanByEpoch(runsOfMethod, "top1")));
            }
        }
        return out;
    }

    /** Per epoch, the mean of {@code key} over the runs that have it there (NaN where none has). */
    static double[] meanByEpoch(List<JsonNode> runs, String key) {
        int epochs = 0;
        for (JsonNode r : runs) {
            epochs = Math.max(epochs, r.size());
        }
        double[] mean = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            double sum = 0;
            int k = 0;
            for (JsonNode r : runs) {
                JsonNode v = r.path(e).path(key);
                if (v.isNumber()) {
                    sum += v.asDouble();
                    k++;
                }
            }
            mean[e] = k == 0 ? Double.NaN : sum / k;
        }
        return mean;
    }

    public static String markdownTable(List<MethodResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| method | top-1 at the end (mean ± std) | best epoch's top-1 (mean) | top-5 (mean) | runs | top-1 per seed"
                + " | s / epoch |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (MethodResult r : results) {
            StringBuilder per = new StringBuilder();
            for (double v : r.top1()) {
                per.append(per.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", 100 * v));
            }
            sb.append(String.format(Locale.ROOT, "| %s | %.2f ± %.2f %% | %.2f %% | %.2f %% | %d | %s | %.1f |%n", r.method(),
                    100 * r.mean(), 100 * r.std(), 100 * r.meanBest(), 100 * r.mean5(), r.top1().size(), per,
                    r.epochSeconds()));
        }
        return sb.toString();
    }

    /** Bar chart of mean top-1 with ± std error bars; the y axis starts near the lowest bar. */
    public static void barChart(List<MethodResult> results, String title, Path png) throws IOException {
        int w = 820;
        int h = 420;
        int pad = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartCanvas.open(img);
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
        for (int i = 0; i < n; i++) {
            MethodResult r = results.get(i);
            int x = pad + i * slot + slot / 6;
            int bw = slot * 2 / 3;
            int y = (int) (h - pad - plotH * (r.mean() - lo) / (hi - lo));
            Color c = r.method().startsWith("guided") ? new Color(60, 110, 200) : new Color(150, 150, 150);
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
        ChartCanvas.save(img, png);
    }

    private static final Color[] PALETTE = {new Color(120, 120, 120), new Color(230, 150, 30), new Color(150, 90, 190),
        new Color(90, 170, 220), new Color(30, 80, 200), new Color(200, 40, 40), new Color(40, 160, 80), new Color(0, 0, 0)};

    /**
     * Every method's learning curve in one figure: train loss (left panel) and test top-1 (right
     * panel) by epoch, each a mean over the method's seeds. The top-1 axis spans the curves' last
     * two thirds, where the methods differ, rather than 0..1.
     */
    public static void curves(List<MethodResult> results, String title, Path png) throws IOException {
        int w = 1100;
        int h = 460;
        int top = 50;
        int bottom = 70;
        int panelW = 470;
        int[] left = {60, 600};
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartCanvas.open(img);
        g.drawString(title, left[0], 20);
        int epochs = 0;
        double maxLoss = 0;
        double loTop = 1;
        double hiTop = 0;
        for (MethodResult r : results) {
            epochs = Math.max(epochs, r.meanLoss().length);
            for (double v : r.meanLoss()) {
                if (Double.isFinite(v)) {
                    maxLoss = Math.max(maxLoss, v);
                }
            }
            double[] t = r.meanTop1();
            for (int e = t.length / 3; e < t.length; e++) {
                if (Double.isFinite(t[e])) {
                    loTop = Math.min(loTop, t[e]);
                    hiTop = Math.max(hiTop, t[e]);
                }
            }
        }
        if (epochs == 0 || hiTop < loTop) {
            loTop = 0;
            hiTop = 1;
        }
        maxLoss = maxLoss <= 0 ? 1 : Math.ceil(maxLoss * 10) / 10;
        loTop = Math.floor(loTop * 100) / 100;
        hiTop = Math.ceil(hiTop * 100) / 100 + 0.005;
        double[][] range = {{0, maxLoss}, {loTop, hiTop}};
        String[] names = {"train loss (mean over seeds)", "test top-1 (mean over seeds)"};
        int plotH = h - top - bottom;
        for (int p = 0; p < 2; p++) {
            int x0 = left[p];
            g.setColor(Color.DARK_GRAY);
            g.drawString(names[p], x0, top - 10);
            g.drawRect(x0, top, panelW, plotH);
            for (int k = 0; k <= 5; k++) {
                double v = range[p][0] + (range[p][1] - range[p][0]) * k / 5;
                int y = top + plotH - (int) Math.round(plotH * (double) k / 5);
                g.setColor(new Color(235, 235, 235));
                g.drawLine(x0 + 1, y, x0 + panelW - 1, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(p == 0 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.1f%%", 100 * v),
                        x0 - 45, y + 4);
            }
            for (int e = 0; e < epochs; e += Math.max(1, epochs / 10)) {
                g.drawString(Integer.toString(e + 1), curveX(x0, panelW, e, epochs) - 4, top + plotH + 15);
            }
            g.drawString("epoch", x0 + panelW / 2 - 15, top + plotH + 30);
            for (int i = 0; i < results.size(); i++) {
                MethodResult r = results.get(i);
                double[] v = p == 0 ? r.meanLoss() : r.meanTop1();
                g.setColor(PALETTE[i % PALETTE.length]);
                g.setStroke(new BasicStroke(r.method().startsWith("guided") ? 2.2f : 1.4f));
                int px = -1;
                int py = -1;
                for (int e = 0; e < v.length; e++) {
                    if (!Double.isFinite(v[e])) {
                        continue;
                    }
                    double f = (v[e] - range[p][0]) / (range[p][1] - range[p][0]);
                    int x = curveX(x0, panelW, e, epochs);
                    int y = top + plotH - (int) Math.round(plotH * Math.max(0, Math.min(1, f)));
                    if (px >= 0) {
                        g.drawLine(px, py, x, y);
                    }
                    px = x;
                    py = y;
                }
                g.setStroke(new BasicStroke(1f));
            }
        }
        int lx = left[0];
        for (int i = 0; i < results.size(); i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(lx, h - 22, 14, 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(results.get(i).method(), lx + 18, h - 16);
            lx += 30 + g.getFontMetrics().stringWidth(results.get(i).method());
        }
        g.dispose();
        ChartCanvas.save(img, png);
    }

    private static int curveX(int x0, int panelW, int e, int epochs) {
        return epochs <= 1 ? x0 + panelW / 2 : x0 + 8 + (int) Math.round((panelW - 16) * (double) e / (epochs - 1));
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
