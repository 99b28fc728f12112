package dev.archgov.engine.audit;

import dev.archgov.engine.RequestException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of N audits sharing the work ({@code --shard K/N}, as a CI matrix or a Kubernetes Indexed Job runs them): of the
 * selected commits, oldest first, this shard builds the ones at positions K, K + N, K + 2N … (1-based), so old and new
 * commits are spread over the shards; the others are left to their shards. All record into the same history (a shared
 * database), and a last audit without a shard finds every commit recorded and writes the whole trend without building.
 *
 * @param index K, from 1
 * @param count N
 */
public record AuditShard(int index, int count) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

    public AuditShard {
        if (count < 1 || index < 1 || index > count) {
            throw new RequestException("--shard " + index + "/" + count + ": give K/N with 1 <= K <= N (e.g. 2/4)");
        }
    }

    /** {@code K/N}. */
    public static AuditShard parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new RequestException("--shard '" + text + "' is not K/N (e.g. 2/4: the second of four shards)");
        }
        return new AuditShard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Whether the commit at {@code position} (0-based, oldest first) of the selection is this shard's. */
    public boolean takes(int position) {
        return position % count == index - 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
