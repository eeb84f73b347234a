package io.quarry.natives;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intel ISA-L (the Intelligent Storage Acceleration Library), loaded once per JVM, for its Reed-Solomon erasure
 * code; {@link ReedSolomon} is the interface the rest of Quarry uses. Debian's {@code libisal2} ships only the
 * versioned {@code libisal.so.2}, so that is the name loaded; the system property {@value #LIBRARY_PROPERTY}
 * may name another file.
 */
public final class Isal {

    private static final Logger LOG = LoggerFactory.getLogger(Isal.class);

    /** The shared object loaded by default. */
    public static final String LIBRARY = "libisal.so.2";
    /** The Debian/Ubuntu package that provides {@link #LIBRARY}. */
    public static final String PACKAGE = "libisal2";
    /** System property naming another library file or path to load instead of {@link #LIBRARY}. */
    public static final String LIBRARY_PROPERTY = "quarry.isal.library";

    private static Isal instance;
    private static boolean registered;

    private final String libraryFile;

    private Isal(String libraryFile) {
        this.libraryFile = libraryFile;
    }

    /**
     * The loaded library, loading it on first use.
     *
     * @throws NativeLibraryMissingException if it cannot be loaded; the message says what to install
     */
    public static synchronized Isal load() {
        if (instance == null) {
            instance = load(System.getProperty(LIBRARY_PROPERTY, LIBRARY));
        }
        return instance;
    }

    /** Loads {@code libraryName}; package-private so tests can ask for a library that does not exist. */
    static synchronized Isal load(String libraryName) {
        NativeLibrary library;
        try {
            library = NativeLibrary.getInstance(libraryName);
        } catch (UnsatisfiedLinkError e) {
            throw new NativeLibraryMissingException(libraryName + " could not be loaded: install the package "
                    + PACKAGE + " (apt-get install " + PACKAGE + "), or set -D" + LIBRARY_PROPERTY
                    + "=/path/to/libisal.so (" + e.getMessage() + ")", e);
        }
        if (!registered) {
            try {
                Native.register(IsalFunctions.class, library);
            } catch (UnsatisfiedLinkError e) {
                throw new NativeLibraryMissingException(library.getFile() + " lacks an ISA-L erasure-code function "
                        + "Quarry uses: install a current " + PACKAGE + " (2.30 is tested) (" + e.getMessage() + ")", e);
            }
            registered = true;
            LOG.info("Loaded ISA-L from {}", library.getFile());
        }
        return new Isal(String.valueOf(library.getFile()));
    }

    /** The file the library was loaded from. */
    public String libraryFile() {
        return libraryFile;
    }
}
