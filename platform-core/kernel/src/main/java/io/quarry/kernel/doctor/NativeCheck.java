package io.quarry.kernel.doctor;

import io.quarry.natives.NativeLibraries;
import io.quarry.natives.NativeLibraryMissingException;
import io.quarry.natives.NativeLoader;

/** Whether a native library a plugin binds loads here, and from where (quarry.jar's copy or the system's). */
final class NativeCheck {

    private NativeCheck() {
    }

    static Finding check(NativeLibraries.Library library, boolean needed) {
        String name = library.soname();
        try {
            NativeLoader.Loaded loaded = library.load();
            return Finding.ok("native library", name + " loads (" + loaded.origin() + " copy) for " + library.plugin());
        } catch (NativeLibraryMissingException | UnsatisfiedLinkError e) {
            String detail = name + " for " + library.plugin() + ": " + e.getMessage();
            return needed ? Finding.fail("native library", detail)
                    : Finding.warn("native library", detail + " (" + library.plugin() + " is not enabled)");
        }
    }
}
