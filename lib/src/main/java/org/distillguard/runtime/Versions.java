package org.distillguard.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Versions of the toolkit and the libraries it was built with, for manifests and {@code --version}. */
public final class Versions {

    private static final Map<String, String> VERSIONS = load();

    private Versions() {}

    public static Map<String, String> all() {
        return VERSIONS;
    }

    public static String toolkit() {
        return VERSIONS.getOrDefault("distillguard", "unknown");
    }

    private static Map<String, String> load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/distillguard/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read version.properties: " + e.getMessage(), e);
        }
        Map<String, String> versions = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            versions.put(name.substring(0, name.length() - ".version".length()), properties.getProperty(name));
        }
        versions.put("java", System.getProperty("java.version"));
        return Map.copyOf(versions);
    }
}
