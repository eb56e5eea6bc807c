package mim.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks, for a class of {@code @FuzzTest}s run as regression tests (the default, without
 * {@code JAZZER_FUZZ}), that each fuzz test really ran every stored input: Jazzer runs the empty
 * input, the files directly in {@code <Class>Inputs/} and every file under
 * {@code <Class>Inputs/<method>/} next to the class on the class path, and a directory that is
 * misnamed or missing would leave only the empty input, silently. So each fuzz test that ran must
 * have a non-empty inputs directory and as many invocations as it has inputs. A fuzz test that did
 * not run at all (another one was selected) is not checked; neither is anything while fuzzing.
 */
public final class RegressionInputs implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        if (method.isAnnotationPresent(FuzzTest.class)) {
            runs(context).merge(method.getName(), 1, Integer::sum);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (fuzzing(context)) {
            return;
        }
        Class<?> testClass = context.getRequiredTestClass();
        Map<String, Integer> runs = runs(context);
        for (Method method : testClass.getDeclaredMethods()) {
            Integer ran = runs.get(method.getName());
            if (!method.isAnnotationPresent(FuzzTest.class) || ran == null) {
                continue;
            }
            Path classInputs = classInputs(testClass);
            Path methodInputs = classInputs.resolve(method.getName());
            long own = countFiles(methodInputs, Integer.MAX_VALUE);
            assertTrue(own > 0, "no stored inputs for " + method.getName() + " in " + methodInputs);
            long expected = 1 + countFiles(classInputs, 1) + own;
            assertEquals(expected, ran.longValue(),
                    method.getName() + " ran " + ran + " times for " + expected + " inputs (the empty one and "
                            + methodInputs + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> runs(ExtensionContext context) {
        ExtensionContext.Namespace ours = ExtensionContext.Namespace.create(RegressionInputs.class,
                context.getRequiredTestClass());
        return context.getRoot().getStore(ours)
                .getOrComputeIfAbsent("runs", k -> new ConcurrentHashMap<String, Integer>(), Map.class);
    }

    /**
     * Whether Jazzer fuzzes in this JVM, by its own rule: {@code JAZZER_FUZZ} set to true, 1 or yes
     * (its command line sets it when fuzzing).
     */
    static boolean fuzzing() {
        String flag = Optional.ofNullable(System.getenv("JAZZER_FUZZ")).orElse(System.getProperty("JAZZER_FUZZ"));
        return flag != null && (flag.equalsIgnoreCase("true") || flag.equals("1") || flag.equalsIgnoreCase("yes"));
    }

    /** As {@link #fuzzing()}, or a run of single inputs from Jazzer's command line. */
    private static boolean fuzzing(ExtensionContext context) {
        return fuzzing() || context.getConfigurationParameter("jazzer.internal.command_line")
                .map(Boolean::parseBoolean).orElse(false);
    }

    private static Path classInputs(Class<?> testClass) {
        String name = testClass.getSimpleName() + "Inputs";
        URL url = testClass.getResource(name);
        assertNotNull(url, "no " + name + " beside " + testClass.getName() + " on the class path");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long countFiles(Path dir, int depth) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.find(dir, depth, (p, attributes) -> attributes.isRegularFile())) {
            return files.count();
        }
    }
}
