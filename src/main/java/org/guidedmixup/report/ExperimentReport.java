package org.guidedmixup.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.guidedmixup.train.output.TrainOutput;
import org.guidedmixup.chart.Charts;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
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
                    Path m = seed.resolve(TrainOutput.METRICS);
                    if (!Files.isRegularFile(m) || !Files.exists(seed.resolve(TrainOutput.SUCCESS))) {
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

    /** Bar chart of mean top-1 (%) with ± std error bars; the y axis starts near the lowest bar. */
    public static void barChart(List<MethodResult> results, String title, Path png) throws IOException {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        double lo = 100;
        double hi = 0;
        for (MethodResult r : results) {
            data.add(100 * r.mean(), 100 * r.std(), "top-1",
                    r.method() + String.format(Locale.ROOT, " %.2f", 100 * r.mean()));
            lo = Math.min(lo, 100 * (r.mean() - r.std()));
            hi = Math.max(hi, 100 * (r.mean() + r.std()));
        }
        NumberAxis y = new NumberAxis("test top-1 (%), mean ± std");
        y.setRange(Math.max(0, Math.floor(lo - 2)), Math.min(100, Math.ceil(hi + 1)));
        StatisticalBarRenderer bars = new StatisticalBarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return results.get(column).method().startsWith("guided") ? new Color(60, 110, 200) : new Color(150, 150, 150);
            }
        };
        bars.setErrorIndicatorPaint(Color.BLACK);
        bars.setShadowVisible(false);
        bars.setBarPainter(new StandardBarPainter());
        CategoryAxis x = new CategoryAxis("method and mean top-1 at the last epoch, over seeds");
        x.setMaximumCategoryLabelLines(2);
        CategoryPlot plot = new CategoryPlot(data, x, y, bars);
        JFreeChart chart = Charts.styled(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false));
        try (OutputStream out = Files.newOutputStream(png)) {
            Charts.writePng(chart, 820, 420, out);
        }
    }

    /**
     * Every method's learning curve in one figure: train loss (left panel) and test top-1 (right
     * panel) by epoch, each a mean over the method's seeds. The top-1 axis spans the curves' last
     * two thirds, where the methods differ, rather than 0..1.
     */
    public static void curves(List<MethodResult> results, String title, Path png) throws IOException {
        XYSeriesCollection loss = new XYSeriesCollection();
        XYSeriesCollection top1 = new XYSeriesCollection();
        double loTop = 1;
        double hiTop = 0;
        for (MethodResult r : results) {
            XYSeries l = new XYSeries(r.method());
            XYSeries t = new XYSeries(r.method());
            double[] ml = r.meanLoss();
            double[] mt = r.meanTop1();
            for (int e = 0; e < ml.length; e++) {
                if (Double.isFinite(ml[e])) {
                    l.add(e + 1, ml[e]);
                }
            }
            for (int e = 0; e < mt.length; e++) {
                if (Double.isFinite(mt[e])) {
                    t.add(e + 1, 100 * mt[e]);
                    if (e >= mt.length / 3) {
                        loTop = Math.min(loTop, mt[e]);
                        hiTop = Math.max(hiTop, mt[e]);
                    }
                }
            }
            loss.addSeries(l);
            top1.addSeries(t);
        }
        NumberAxis topAxis = new NumberAxis("test top-1 (%, mean over seeds)");
        if (hiTop >= loTop) {
            topAxis.setRange(Math.floor(loTop * 100), Math.ceil(hiTop * 100) + 0.5);
        }
        NumberAxis lossAxis = new NumberAxis("train loss (mean over seeds)");
        lossAxis.setAutoRangeIncludesZero(true);
        JFreeChart left = curvesPanel(title + ": train loss", loss, lossAxis, results);
        JFreeChart right = curvesPanel(title + ": test top-1", top1, topAxis, results);
        Charts.writeSideBySide(png, 1100, 460, left, right);
    }

    private static JFreeChart curvesPanel(String title, XYSeriesCollection data, NumberAxis y, List<MethodResult> results) {
        NumberAxis epoch = new NumberAxis("epoch");
        epoch.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < results.size(); i++) {
            r.setSeriesPaint(i, Charts.PALETTE[i % Charts.PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(results.get(i).method().startsWith("guided") ? 2.2f : 1.4f));
        }
        XYPlot plot = new XYPlot(data, epoch, y, r);
        return Charts.styled(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /** Sample standard deviation (n - 1, commons-math3); 0 for fewer than two values. */
    static double stdOf(List<Double> v) {
        if (v.size() < 2) {
            return 0;
        }
        return new StandardDeviation(true).evaluate(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
