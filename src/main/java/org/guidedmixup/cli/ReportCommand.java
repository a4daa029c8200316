package org.guidedmixup.cli;

import org.guidedmixup.report.ExperimentReport;
import org.guidedmixup.train.output.TrainOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code report}: the table and bar chart of an experiment's train runs (used by jobs/experiment.sh). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Summarise train runs RUNS/<method>/<seed>/metrics.json: prints a markdown table, writes a bar chart"
                + " and, with --curves, the learning curves.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--runs", required = true, paramLabel = "DIR") Path runs;
    @Option(names = "--methods", required = true, split = ",", description = "method folders, in display order") List<String> methods;
    @Option(names = "--chart", required = true, paramLabel = "PNG") Path chart;
    @Option(names = "--curves", paramLabel = "PNG", description = "also write every method's learning curves (train loss, test top-1) in one figure")
    Path curves;
    @Option(names = "--title", defaultValue = "top-1 accuracy") String title;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(runs)) {
            throw new IllegalArgumentException("--runs " + runs + " is not a folder of train runs");
        }
        List<ExperimentReport.MethodResult> results = ExperimentReport.read(runs, methods);
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no finished runs (" + TrainOutput.METRICS + " with " + TrainOutput.SUCCESS + ") under " + runs);
        }
        System.out.print(ExperimentReport.markdownTable(results));
        ExperimentReport.barChart(results, title, chart);
        if (curves != null) {
            ExperimentReport.curves(results, title, curves);
        }
        return 0;
    }
}
