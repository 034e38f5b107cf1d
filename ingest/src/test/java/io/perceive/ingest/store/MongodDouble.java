package io.perceive.ingest.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.InMemoryCursor;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A wire-level stand-in for a real {@code mongod}, built on mongo-java-server's in-memory
 * backend, with the behaviours the embedded server lacks and Perceive must cope with:
 *
 * <ul>
 *   <li>it announces logical sessions, so the driver sends an {@code lsid} with every command,
 *       and, as {@code getmore_cmd.cpp} does, refuses a {@code getMore} from another session than
 *       the one that opened the cursor (errors 50737/50738);
 *   <li>{@code create} can answer NamespaceExists (48), as it does to the loser of two instances
 *       creating a collection at once;
 *   <li>{@code createIndexes} can be held until the test lets it go: a build waiting on every
 *       voting member;
 *   <li>it records every command that reads by a filter, so a test can check each one against
 *       the declared indexes.
 * </ul>
 */
public final class MongodDouble implements AutoCloseable {

  /** A command as the server received it. */
  public record Received(String command, Document body) {}

  private final MongoServer server;
  private final InetSocketAddress address;
  private final Map<Long, String> cursorSessions = new ConcurrentHashMap<>();
  private final List<Received> received = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger refusedGetMores = new AtomicInteger();
  private volatile boolean collectionsExistAlready;
  private volatile CountDownLatch indexBuilds;
  private volatile boolean writeConcernFails;

  private MongodDouble() {
    server = new MongoServer(new Backend());
    // Many worker threads: a held createIndexes blocks its connection's thread, and the
    // connections of the serving client must not share it.
    server.bind(new InetSocketAddress("127.0.0.1", 0), 1, 64);
    address = server.getLocalAddress();
  }

  public static MongodDouble start() {
    return new MongodDouble();
  }

  public String connectionString() {
    return "mongodb://127.0.0.1:" + address.getPort();
  }

  /** From now on {@code create} answers NamespaceExists, as to the loser of a race. */
  public void answerNamespaceExists() {
    collectionsExistAlready = true;
  }

  /** From now on {@code createIndexes} waits until {@link #finishIndexBuilds()}. */
  public void holdIndexBuilds() {
    indexBuilds = new CountDownLatch(1);
  }

  public void finishIndexBuilds() {
    CountDownLatch latch = indexBuilds;
    if (latch != null) {
      latch.countDown();
    }
  }

  /**
   * From now on writes are applied but their write concern fails (error 64, as when a majority
   * does not confirm within {@code wtimeout}): the reply carries a {@code writeConcernError}.
   */
  public void failWriteConcern() {
    writeConcernFails = true;
  }

  /** How many getMore commands came from another session than their cursor's. */
  public int refusedGetMores() {
    return refusedGetMores.get();
  }

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  public void clearReceived() {
    received.clear();
  }

  @Override
  public void close() {
    finishIndexBuilds();
    server.shutdownNow();
  }

  private static String sessionOf(Document body) {
    Object lsid = body.get("lsid");
    if (!(lsid instanceof Document d)) {
      return null;
    }
    Object id = d.get("id");
    return id instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(id);
  }

  private final class Backend extends MemoryBackend {

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
      switch (command.toLowerCase(java.util.Locale.ROOT)) {
        case "ismaster", "hello" -> {
          Document reply = super.handleCommand(channel, databaseName, "ismaster", query);
          reply.put("logicalSessionTimeoutMinutes", 30);
          return reply;
        }
        case "getmore" -> {
          long cursor = ((Number) query.get(command)).longValue();
          String owner = cursorSessions.get(cursor);
          String session = sessionOf(query);
          if (owner != null && !owner.equals(session)) {
            refusedGetMores.incrementAndGet();
            throw new MongoServerError(
                session == null ? 50737 : 50738,
                "Cannot run getMore on cursor " + cursor + ", which was created in session " + owner
                    + ", in session " + session);
          }
          Document reply = super.handleCommand(channel, databaseName, command, query);
          forgetIfExhausted(reply, cursor);
          return reply;
        }
        case "create" -> {
          if (collectionsExistAlready) {
            throw new MongoServerError(48, "NamespaceExists", "Collection already exists. NS: " + databaseName + "." + query.get(command));
          }
        }
        case "createindexes" -> {
          CountDownLatch latch = indexBuilds;
          if (latch != null) {
            try {
              latch.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
        case "find", "aggregate", "count", "distinct", "update", "delete", "findandmodify" ->
            received.add(new Received(command, query));
        default -> {}
      }
      Document reply = super.handleCommand(channel, databaseName, command, query);
      if (command.equalsIgnoreCase("aggregate")) {
        keepToBatchSize(reply, query);
      }
      if (writeConcernFails && List.of("insert", "update", "delete").contains(command.toLowerCase(java.util.Locale.ROOT))) {
        reply.put(
            "writeConcernError",
            new Document("code", 64).append("codeName", "WriteConcernFailed").append("errmsg", "waiting for replication timed out"));
      }
      if (reply.get("cursor") instanceof Document cursor && cursor.get("id") instanceof Number id && id.longValue() != 0) {
        cursorSessions.put(id.longValue(), String.valueOf(sessionOf(query)));
      }
      return reply;
    }

    /**
     * mongo-java-server answers an aggregation in one batch whatever the batch size; mongod
     * returns {@code cursor.batchSize} documents (101 by default) and keeps the rest for getMore.
     */
    @SuppressWarnings("unchecked")
    private void keepToBatchSize(Document reply, Document query) {
      Document cursor = (Document) reply.get("cursor");
      List<Document> first = (List<Document>) cursor.get("firstBatch");
      Object asked = query.get("cursor") instanceof Document c ? c.get("batchSize") : null;
      int batchSize = asked instanceof Number n ? n.intValue() : 101;
      if (first == null || first.size() <= batchSize || ((Number) cursor.get("id")).longValue() != 0) {
        return;
      }
      long id = getCursorRegistry().generateCursorId();
      getCursorRegistry().add(new InMemoryCursor(id, new ArrayList<>(first.subList(batchSize, first.size()))));
      cursor.put("firstBatch", new ArrayList<>(first.subList(0, batchSize)));
      cursor.put("id", id);
    }

    private void forgetIfExhausted(Document reply, long cursor) {
      if (reply.get("cursor") instanceof Document c && c.get("id") instanceof Number id && id.longValue() == 0) {
        cursorSessions.remove(cursor);
      }
    }
  }
}
