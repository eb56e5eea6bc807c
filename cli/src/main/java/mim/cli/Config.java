package mim.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import mim.cli.plugins.PluginSettings;
import mim.core.MimException;

/**
 * The user's configuration, {@code config.json}: a JSON object whose sections belong to the parts
 * that read them. A missing file is an empty configuration; a malformed one is a failure that names
 * the file and the problem. Immutable once loaded.
 *
 * <pre>{"plugins": {"enable": ["peers-file"], "disable": ["dht"]}}</pre>
 */
public final class Config {
    private final Path file;
    private final JsonNode root;

    private Config(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** @throws MimException.BadInput if the file cannot be read or is not a JSON object */
    public static Config load(Path file) throws MimException.BadInput {
        try {
            // Read first: without a file (the usual case) Jackson, hundreds of classes, is never loaded.
            byte[] text = Files.readAllBytes(file);
            JsonNode root = new ObjectMapper().readTree(text);
            if (root == null || root.isMissingNode()) {
                return new Config(file, MissingNode.getInstance());
            }
            if (!root.isObject()) {
                throw new MimException.BadInput(file + ": expected a JSON object");
            }
            return new Config(file, root);
        } catch (NoSuchFileException e) {
            return new Config(file, MissingNode.getInstance());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new MimException.BadInput(file + ": " + where + e.getOriginalMessage().replace('\n', ' '), e);
        } catch (IOException e) {
            throw new MimException.BadInput("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The {@code plugins} section: which plugins to enable and disable. */
    public PluginSettings plugins() throws MimException.BadInput {
        JsonNode section = root.path("plugins");
        if (section.isMissingNode()) {
            return PluginSettings.NONE;
        }
        if (!section.isObject()) {
            throw bad("\"plugins\" must be an object with \"enable\" and \"disable\" lists");
        }
        for (Iterator<String> names = section.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("enable") && !name.equals("disable")) {
                throw bad("unknown key \"plugins." + name + "\" (expected \"enable\" or \"disable\")");
            }
        }
        return new PluginSettings(ids(section, "enable"), ids(section, "disable"));
    }

    private Set<String> ids(JsonNode section, String key) throws MimException.BadInput {
        JsonNode list = section.path(key);
        Set<String> ids = new LinkedHashSet<>();
        if (list.isMissingNode()) {
            return ids;
        }
        if (!list.isArray()) {
            throw bad("\"plugins." + key + "\" must be a list of plugin ids");
        }
        for (JsonNode id : list) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw bad("\"plugins." + key + "\" must be a list of plugin ids, found " + id);
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private MimException.BadInput bad(String problem) {
        return new MimException.BadInput(file + ": " + problem);
    }
}
