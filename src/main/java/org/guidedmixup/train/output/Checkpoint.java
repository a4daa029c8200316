package org.guidedmixup.train.output;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.JsonFormat;
import org.guidedmixup.model.TrainableNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state of a train run after each finished epoch, kept beside its output in
 * {@code .NAME.checkpoint/epoch-NNNNN/} (model.zip with the updater's state, state.json with the
 * metrics so far and the run's settings, then {@code _DONE}), so that {@code train --resume}
 * continues a killed or failed run from its last finished epoch. A new epoch's folder is complete
 * before the older one is deleted, so a kill at any moment leaves one complete checkpoint. The
 * folder is removed when the run publishes its output.
 */
public final class Checkpoint {
    private static final String DONE = "_DONE";
    /** Settings that may differ between a stopped run and its resumption. */
    private static final Set<String> FREE = Set.of("train.resume", "train.mode", "augment.master", "augment.progress-seconds",
            "train.stall-seconds", "train.test-stall-epoch",
            "augment.max-rejects", "train.eval-crop");

    /** What a checkpoint holds. */
    public record State(int epochsDone, List<EpochMetrics> epochs, double wallSeconds, Map<String, Object> config) {
    }

    /** A checkpoint read back: its state and its network. */
    public record Loaded(State state, TrainableNetwork network, Path from) {
    }

    private final FileSystem fs;
    private final Path dir;

    public Checkpoint(FileSystem fs, Path output) {
        this.fs = fs;
        this.dir = new Path(output.getParent(), "." + output.getName() + ".checkpoint");
    }

    public Path dir() {
        return dir;
    }

    /** Writes the state after an epoch, then deletes the checkpoints before it. */
    public void save(TrainableNetwork net, State state) {
        Path epochDir = new Path(dir, String.format(Locale.ROOT, "epoch-%05d", state.epochsDone()));
        try {
            fs.delete(epochDir, true);
            try (FSDataOutputStream os = fs.create(new Path(epochDir, TrainOutput.MODEL), true)) {
                net.save(os);
            }
            try (FSDataOutputStream os = fs.create(new Path(epochDir, "state.json"), true)) {
                os.write(JsonFormat.pretty().writeValueAsBytes(state));
            }
            fs.create(new Path(epochDir, DONE), true).close();
            for (FileStatus s : fs.listStatus(dir)) {
                if (!s.getPath().getName().equals(epochDir.getName())) {
                    fs.delete(s.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + epochDir + ": " + e.getMessage(), e);
        }
    }

    /** The newest complete checkpoint, or null when there is none. */
    public Loaded load() {
        try {
            if (!fs.exists(dir)) {
                return null;
            }
            Path newest = null;
            for (FileStatus s : fs.listStatus(dir)) {
                if (s.isDirectory() && s.getPath().getName().startsWith("epoch-") && fs.exists(new Path(s.getPath(), DONE))
                        && (newest == null || s.getPath().getName().compareTo(newest.getName()) > 0)) {
                    newest = s.getPath();
                }
            }
            if (newest == null) {
                return null;
            }
            State state;
            try (InputStream in = fs.open(new Path(newest, "state.json"))) {
                JsonNode node = JsonFormat.pretty().readTree(in);
                List<EpochMetrics> epochs = JsonFormat.pretty().convertValue(node.path("epochs"), new TypeReference<>() {
                });
                Map<String, Object> config = JsonFormat.pretty().convertValue(node.path("config"), new TypeReference<>() {
                });
                state = new State(node.path("epochs_done").asInt(), new ArrayList<>(epochs),
                        node.path("wall_seconds").asDouble(), config);
            }
            byte[] zip;
            try (InputStream in = fs.open(new Path(newest, TrainOutput.MODEL))) {
                zip = in.readAllBytes();
            }
            return new Loaded(state, TrainableNetwork.fromBytes(zip, newest + "/model.zip"), newest);
        } catch (IOException e) {
            throw new InputException("cannot read the checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    public boolean exists() {
        try {
            return fs.exists(dir);
        } catch (IOException e) {
            return false;
        }
    }

    public void delete() {
        try {
            fs.delete(dir, true);
        } catch (IOException e) {
            // A leftover hidden folder: the next run of the same output replaces or refuses it.
        }
    }

    /**
     * Fails with one line when {@code now} differs from the checkpoint's settings in anything but
     * the free keys: a resumed run must be the same run.
     */
    public static void requireSameRun(Map<String, Object> saved, Map<String, Object> now, Path from) {
        Set<String> keys = new TreeSet<>(saved.keySet());
        keys.addAll(now.keySet());
        Map<String, String> diff = new TreeMap<>();
        for (String k : keys) {
            if (!FREE.contains(k) && !Objects.equals(String.valueOf(saved.get(k)), String.valueOf(now.get(k)))) {
                diff.put(k, saved.get(k) + " -> " + now.get(k));
            }
        }
        if (!diff.isEmpty()) {
            Map.Entry<String, String> first = diff.entrySet().iterator().next();
            throw new InputException("--resume: the checkpoint " + from + " was made with other settings (" + first.getKey()
                    + ": " + first.getValue() + (diff.size() > 1 ? ", and " + (diff.size() - 1) + " more" : "")
                    + "); resume with the stopped run's settings, or start again with --mode overwrite");
        }
    }
}
