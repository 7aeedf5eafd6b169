// A host written in Java with JNA (Debian's openjdk-17 and libjna-java): loads
// libcommittee-report.so.1 by path at run time, lists the actions, and runs one
// action with a progress callback, as a Java DMS would. Prints each progress step,
// then the result JSON.
//
//   java -cp .:/usr/share/java/jna.jar JavaHost LIBRARY CONFIG REQUEST_JSON [CANCEL_AT_STAGE]
//
// With CANCEL_AT_STAGE the callback asks the run to stop when that stage is reported.
// Exits with the code cr_run_json returned.
import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public final class JavaHost {
    public interface ProgressFn extends Callback {
        int invoke(Pointer user, Pointer stage, double fraction, Pointer message);
    }

    public interface CommitteeReport extends Library {
        int cr_api_version();
        int cr_open(byte[] configurationFile, PointerByReference out, PointerByReference errorJson);
        Pointer cr_actions_json(Pointer plugin);
        int cr_run_json(Pointer plugin, byte[] requestJson, ProgressFn progress, Pointer user,
                        PointerByReference resultJson);
        void cr_free(Pointer text);
        void cr_close(Pointer plugin);
    }

    // NUL-terminated, as C wants it; UTF-8 whatever the JVM's default charset.
    static byte[] cString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, withNul, 0, bytes.length);
        return withNul;
    }

    static String utf8(Pointer text) {
        return text == null ? null : text.getString(0, "UTF-8");
    }

    static String take(CommitteeReport lib, Pointer text) {
        String value = utf8(text);
        lib.cr_free(text);
        return value;
    }

    public static void main(String[] args) {
        // UTF-8 out whatever the locale (the messages are Swedish; under LANG=C the JVM
        // would write å, ä and ö as "?").
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                                      StandardCharsets.UTF_8));
        final String cancelAt = args.length > 3 ? args[3] : null;
        CommitteeReport lib = Native.load(args[0], CommitteeReport.class);
        if (lib.cr_api_version() < 1) {
            System.out.println("library interface too old");
            System.exit(1);
        }
        PointerByReference handleRef = new PointerByReference();
        PointerByReference error = new PointerByReference();
        int code = lib.cr_open(cString(args[1]), handleRef, error);
        if (code != 0) {
            System.out.println("open-error " + take(lib, error.getValue()));
            System.exit(code);
        }
        Pointer handle = handleRef.getValue();
        System.out.println("actions " + take(lib, lib.cr_actions_json(handle)));

        final int[] calls = {0};
        ProgressFn progress = (user, stage, fraction, message) -> {
            String stageText = utf8(stage);
            calls[0]++;
            System.out.printf(java.util.Locale.ROOT, "progress %s %.2f %s%n", stageText, fraction,
                              utf8(message));
            System.out.flush();
            return stageText.equals(cancelAt) ? 1 : 0;
        };
        PointerByReference result = new PointerByReference();
        code = lib.cr_run_json(handle, cString(args[2]), progress, null, result);
        System.out.println("result " + take(lib, result.getValue()));
        System.out.println("code " + code + " calls " + calls[0]);
        lib.cr_close(handle);
        System.out.flush();
        System.exit(code);
    }
}
