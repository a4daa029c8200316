package org.guidedmixup.spark.output;

/**
 * The augment job's last check before it publishes: every good record is in the output once per
 * round. It needs no pass over the output: the writer's tasks count the rows they hand to Parquet
 * and add up their row-key hashes ({@code InputTally.rowKeyHash}), the files' footers count the rows
 * on disk, and the input pass already summed the keys the output must have.
 *
 * @param expectedRows    good records x rounds
 * @param expectedKeySum  the sum of row-key hashes over every (round, good record)
 * @param writtenRows     rows the tasks handed to the writer (successful task attempts only)
 * @param writtenKeySum   their row-key sum
 * @param rowsOnDisk      rows the shard files' footers count
 */
public record OutputCheck(long expectedRows, long expectedKeySum, long writtenRows, long writtenKeySum, long rowsOnDisk) {

    /** Throws, with what differs, unless the output holds exactly the expected rows. */
    public void require(long validRecords, int rounds) {
        String problem = null;
        if (writtenRows != expectedRows) {
            problem = "the tasks wrote " + writtenRows + " rows";
        } else if (rowsOnDisk != expectedRows) {
            problem = "the shard files hold " + rowsOnDisk + " rows";
        } else if (writtenKeySum != expectedKeySum) {
            problem = "the rows written are not the expected (round, source_id) keys (some are missing and others repeated)";
        }
        if (problem != null) {
            throw new IllegalStateException("output check failed: expected " + expectedRows + " rows (" + validRecords
                    + " valid records x " + rounds + " rounds), but " + problem + "; the output was not published");
        }
    }
}
