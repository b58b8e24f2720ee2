package org.bonemonitor.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Structured logs for log shippers: with {@code bone-monitor.log.json=true} the console prints one
 * JSON object per line (timestamp, level, logger, thread, message, correlationId, error). Lines
 * logged before start-up completes stay plain.
 */
@ApplicationScoped
public class JsonLogging {

    void switchConsoleToJson(@Observes @Priority(1) StartupEvent event,
            @ConfigProperty(name = "bone-monitor.log.json", defaultValue = "false") boolean json) {
        if (json) {
            for (Handler handler : org.jboss.logmanager.LogContext.getLogContext().getLogger("").getHandlers()) {
                apply(handler, new JsonLineFormatter());
            }
        }
    }

    private static void apply(Handler handler, Formatter formatter) {
        if (handler instanceof ConsoleHandler console) {
            console.setFormatter(formatter);
        }
        if (handler instanceof ExtHandler parent) {
            for (Handler child : parent.getHandlers()) {
                apply(child, formatter);
            }
        }
    }

    /** One JSON object per log record. */
    static final class JsonLineFormatter extends Formatter {
        private static final JsonFactory JSON = new JsonFactory();

        @Override
        public String format(LogRecord record) {
            StringWriter out = new StringWriter(256);
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject();
                json.writeStringField("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
                json.writeStringField("level", record.getLevel().getName());
                json.writeStringField("logger", record.getLoggerName());
                json.writeStringField("message", record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : formatMessage(record));
                if (record instanceof ExtLogRecord ext) {
                    json.writeStringField("thread", ext.getThreadName());
                    Object correlationId = ext.getMdc("correlationId");
                    if (correlationId != null) {
                        json.writeStringField("correlationId", correlationId.toString());
                    }
                }
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    json.writeStringField("error", trace.toString());
                }
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.append(System.lineSeparator()).toString();
        }
    }
}
