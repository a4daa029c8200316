package org.guidedmixup.train.output;

import org.guidedmixup.chart.Charts;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Training loss (left axis) and test top-1 (right axis, 0..1) per epoch of one run, as a PNG. */
public final class LearningCurve {
    private LearningCurve() {
    }

    public static void write(List<EpochMetrics> epochs, String title, OutputStream out) throws IOException {
        XYSeries loss = new XYSeries("train loss");
        XYSeries top1 = new XYSeries("test top-1");
        for (EpochMetrics e : epochs) {
            if (Double.isFinite(e.loss())) {
                loss.add(e.epoch(), e.loss());
            }
            if (e.top1() != null && Double.isFinite(e.top1())) {
                top1.add(e.epoch(), e.top1());
            }
        }
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis lossAxis = new NumberAxis("train loss");
        lossAxis.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(new XYSeriesCollection(loss), epochAxis, lossAxis, renderer(new Color(200, 60, 40)));
        NumberAxis topAxis = new NumberAxis("test top-1");
        topAxis.setRange(0, 1);
        plot.setRangeAxis(1, topAxis);
        plot.setDataset(1, new XYSeriesCollection(top1));
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setRenderer(1, renderer(new Color(40, 90, 200)));
        JFreeChart chart = Charts.styled(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
        Charts.writePng(chart, 640, 360, out);
    }

    private static XYLineAndShapeRenderer renderer(Color color) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, color);
        r.setSeriesStroke(0, new BasicStroke(2f));
        return r;
    }
}
