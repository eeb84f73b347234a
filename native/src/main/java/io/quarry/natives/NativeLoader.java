package io.quarry.natives;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a native library the way netty-tcnative and RocksDB load theirs: the copy this jar carries first
 * ({@code natives/<platform>/<soname>}, taken from the Debian package at build time, see
 * {@code native/natives.list}), extracted to a private temporary file and loaded from there; the system's
 * library when there is no bundled copy for this platform or it does not load; and, when neither loads, an
 * error that names the Debian package to install.
 */
public final class NativeLoader {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLoader.class);

    /** Resource folder of the bundled libraries. */
    static final String RESOURCE_ROOT = "natives/";

    /** One load per library and JVM: a second copy of the same library in one process is asking for trouble. */
    private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

    private NativeLoader() {
    }

    /**
     * One loaded library and where it came from.
     *
     * @param library the JNA handle
     * @param origin {@code "bundled"}, {@code "system"} or {@code "override"} (the property named a file)
     * @param file the file loaded
     */
    public record Loaded(NativeLibrary library, String origin, String file) {
    }

    /**
     * Loads {@code soname}.
     *
     * @param soname the shared object's name, e.g. {@code librandomx.so.0}
     * @param debianPackage the Debian/Ubuntu package with the system copy, e.g. {@code librandomx0}
     * @param overrideProperty a system property that, when set, names the file or name to load instead
     * @throws NativeLibraryMissingException when nothing loads; the message says what to install
     */
    public static Loaded load(String soname, String debianPackage, String overrideProperty) {
        Loaded earlier = LOADED.get(soname);
        if (earlier != null) {
            return earlier;
        }
        synchronized (NativeLoader.class) {
            return LOADED.computeIfAbsent(soname, s -> loadOnce(soname, debianPackage, overrideProperty));
        }
    }

    private static Loaded loadOnce(String soname, String debianPackage, String overrideProperty) {
        String override = System.getProperty(overrideProperty);
        if (override != null && !override.isBlank()) {
            try {
                NativeLibrary library = NativeLibrary.getInstance(override);
                return new Loaded(library, "override", library.getFile().toString());
            } catch (UnsatisfiedLinkError e) {
                throw new NativeLibraryMissingException(override + " (from -D" + overrideProperty + ") could not be "
                        + "loaded: " + e.getMessage(), e);
            }
        }
        String bundledProblem;
        String resource = RESOURCE_ROOT + Platform.RESOURCE_PREFIX + "/" + soname;
        try (InputStream in = NativeLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                bundledProblem = "this build carries no " + soname + " for " + Platform.RESOURCE_PREFIX;
            } else {
                Path file = extract(in, soname);
                try {
                    NativeLibrary library = NativeLibrary.getInstance(file.toString());
                    LOG.debug("loaded the bundled {} ({})", soname, file);
                    return new Loaded(library, "bundled", file.toString());
                } catch (UnsatisfiedLinkError e) {
                    bundledProblem = "the bundled copy did not load: " + e.getMessage();
                } finally {
                    // Mapped now (or failed): the file is not needed any more, and no one else should map it.
                    discard(file);
                }
            }
        } catch (IOException e) {
            bundledProblem = "the bundled copy could not be extracted: " + e.getMessage();
        }
        LOG.debug("{}; trying the system's {}", bundledProblem, soname);
        try {
            NativeLibrary library = NativeLibrary.getInstance(soname);
            return new Loaded(library, "system", library.getFile() == null ? soname : library.getFile().toString());
        } catch (UnsatisfiedLinkError e) {
            throw new NativeLibraryMissingException(soname + " could not be loaded (" + bundledProblem
                    + ", and the system has none that loads): install the package " + debianPackage
                    + " (sudo apt-get install " + debianPackage + "), or name a copy with -D" + overrideProperty
                    + "=/path/to/" + soname + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes {@code in} to {@code soname} in a fresh directory that only this user can enter, creating the file
     * itself (never replacing one), so no other user can read or swap the library before it is mapped.
     * The caller deletes the file and its directory ({@link #discard}).
     */
    static Path extract(InputStream in, String soname) throws IOException {
        Path dir;
        FileAttribute<?>[] ownerOnly;
        try {
            dir = Files.createTempDirectory("quarry-natives-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ownerOnly = new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))};
        } catch (UnsupportedOperationException e) {
            dir = Files.createTempDirectory("quarry-natives-");
            ownerOnly = new FileAttribute<?>[0];
        }
        Path file = dir.resolve(soname);
        try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly))) {
            in.transferTo(out);
        } catch (IOException e) {
            discard(file);
            throw e;
        }
        return file;
    }

    /** Deletes an extracted file and the private directory holding it. */
    static void discard(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.getParent());
    }
}
