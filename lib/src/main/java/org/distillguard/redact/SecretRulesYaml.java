package org.distillguard.redact;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** Reads a secret rules YAML file ({@code rules:} list) into a {@link SecretRuleSet}, rejecting unknown keys. */
final class SecretRulesYaml {
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SecretRulesYaml() {}

    record RulesFile(List<SecretRule> rules) {
        RulesFile {
            rules = rules == null ? List.of() : rules;
        }
    }

    static SecretRuleSet parse(InputStream in, String sourceName) {
        RulesFile file;
        try {
            file = MAPPER.readValue(in, RulesFile.class);
        }
        catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ", " (expected one of: ", ")"));
            throw new IllegalArgumentException("Cannot load secret rules from " + sourceName + ": unknown key '"
                    + e.getPropertyName() + "' at " + location(e) + known, e);
        }
        catch (JsonMappingException e) {
            Throwable cause = validationCause(e);
            if (cause != null) {
                throw new IllegalArgumentException(cause.getMessage() + " in " + sourceName, e);
            }
            throw new IllegalArgumentException("Cannot load secret rules from " + sourceName + ": " + e.getOriginalMessage()
                    + " at " + location(e), e);
        }
        catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new IllegalArgumentException("Cannot load secret rules from " + sourceName + ": " + e.getOriginalMessage() + line, e);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read secret rules from " + sourceName + ": " + e.getMessage(), e);
        }
        if (file == null) {
            throw new IllegalArgumentException("Cannot load secret rules from " + sourceName + ": the file is empty");
        }
        try {
            return new SecretRuleSet(file.rules());
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in " + sourceName, e);
        }
    }

    private static String location(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
            else if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            }
        }
        String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
        return (path.length() == 0 ? "top level" : path) + line;
    }

    /** The outermost validation error thrown by a record constructor or enum creator, or null. */
    private static Throwable validationCause(Throwable throwable) {
        for (Throwable current = throwable.getCause(); current != null; current = current.getCause()) {
            if (current instanceof IllegalArgumentException || current instanceof NullPointerException) {
                return current;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }
}
