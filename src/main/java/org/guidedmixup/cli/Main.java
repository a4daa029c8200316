package org.guidedmixup.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code guidedmixup} command: one sub-command per job. */
@Command(name = "guidedmixup", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Saliency-guided mixup (GuidedMixup, AAAI 2023) on Spark: pre-generate augmented Parquet shards, train DL4J models on them or online.",
        subcommands = {AugmentCommand.class, TrainCommand.class, ReportCommand.class, InspectCommand.class, PreviewCommand.class, ExportCommand.class, BenchCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 done, 2 bad input, 1 failure. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new Failures());
        // A mistyped flag: one line and where to look, not the whole usage text.
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("error: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return Failures.BAD_INPUT;
        });
        return cl.execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"guidedmixup " + org.guidedmixup.io.Version.get()};
        }
    }
}
