package org.guidedmixup.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.deeplearning4j.config.DL4JClassLoading;

/**
 * Answers the one class-name lookup through which DL4J 1.0.0-M2.1 decides whether oneDNN may run its
 * layers, without putting a class into ND4J's package on anyone's class path.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} loads {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * through {@link DL4JClassLoading} and calls {@code getInstance().isUseMKLDNN()}. ND4J M2.1 moved that
 * class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and renamed the method
 * {@code isUseONEDNN()}, so the lookup fails, the check answers false, and every oneDNN helper
 * (convolution, pooling, batch norm) is dropped: LeNet then trains about 4x slower per core.
 *
 * <p>Until 0.1.0 the jar carried that class itself, in {@code org.nd4j.nativeblas}: someone else's
 * package in users' class paths. Now the class exists only inside a private class loader that this
 * type hands to DL4J's own hook for class lookups ({@link DL4JClassLoading#setDl4jClassloader}); it
 * delegates every other name to the loader DL4J had, and its one class forwards to ND4J's new binding.
 * Its bytes are written here (ten instructions, no branches) rather than shipped as a class file or
 * compiled at run time, so nothing but the JDK is needed.
 */
final class OneDnnBridge {
    static final String OLD_NAME = "org.nd4j.nativeblas.Nd4jCpu$Environment";
    private static final String NEW_NAME = "org/nd4j/linalg/cpu/nativecpu/bindings/Nd4jCpu$Environment";

    private OneDnnBridge() {
    }

    /** Puts the bridge in front of DL4J's class lookups once per JVM (later calls do nothing). */
    static synchronized void install() {
        ClassLoader current = DL4JClassLoading.getDl4jClassloader();
        if (current instanceof Loader || present(current)) {
            return; // already installed, or an ND4J that still has the old class answers for itself
        }
        DL4JClassLoading.setDl4jClassloader(new Loader(current));
    }

    private static boolean present(ClassLoader loader) {
        try {
            Class.forName(OLD_NAME, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false; // DL4JClassLoading's own check would log this as an error
        }
    }

    /** The loader DL4J is handed: parent first, and the bridge class for the one name parents lack. */
    static final class Loader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        Loader(ClassLoader parent) {
            super("guidedmixup-onednn-bridge", parent);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!OLD_NAME.equals(name)) {
                throw new ClassNotFoundException(name);
            }
            byte[] b = classFile();
            return defineClass(name, b, 0, b.length);
        }
    }

    /**
     * The class file of
     * <pre>
     * public class Nd4jCpu$Environment {
     *     public Nd4jCpu$Environment() {}
     *     public static Nd4jCpu$Environment getInstance() { return new Nd4jCpu$Environment(); }
     *     public boolean isUseMKLDNN() { return bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN(); }
     * }
     * </pre>
     * as Java 8 class file (version 52, which needs no stack maps for branch-free code).
     */
    static byte[] classFile() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream o = new DataOutputStream(bytes);
            o.writeInt(0xCAFEBABE);
            o.writeShort(0);
            o.writeShort(52);
            String self = OLD_NAME.replace('.', '/');
            o.writeShort(23); // constant pool count: entries 1..22
            utf8(o, self);                                       // 1
            ref(o, 7, 1);                                        // 2 class self
            utf8(o, "java/lang/Object");                         // 3
            ref(o, 7, 3);                                        // 4 class Object
            utf8(o, "<init>");                                   // 5
            utf8(o, "()V");                                      // 6
            pair(o, 12, 5, 6);                                   // 7 <init>:()V
            pair(o, 10, 4, 7);                                   // 8 Object.<init>
            utf8(o, "getInstance");                              // 9
            utf8(o, "()L" + self + ";");                         // 10
            pair(o, 10, 2, 7);                                   // 11 self.<init>
            utf8(o, "isUseMKLDNN");                              // 12
            utf8(o, "()Z");                                      // 13
            utf8(o, NEW_NAME);                                   // 14
            ref(o, 7, 14);                                       // 15 class binding
            utf8(o, "()L" + NEW_NAME + ";");                     // 16
            pair(o, 12, 9, 16);                                  // 17 getInstance:()Lbinding;
            pair(o, 10, 15, 17);                                 // 18 binding.getInstance
            utf8(o, "isUseONEDNN");                              // 19
            pair(o, 12, 19, 13);                                 // 20 isUseONEDNN:()Z
            pair(o, 10, 15, 20);                                 // 21 binding.isUseONEDNN
            utf8(o, "Code");                                     // 22
            o.writeShort(0x0021); // public super
            o.writeShort(2);
            o.writeShort(4);
            o.writeShort(0); // interfaces
            o.writeShort(0); // fields
            o.writeShort(3); // methods
            // aload_0; invokespecial Object.<init>; return
            method(o, 0x0001, 5, 6, 1, 1, new byte[] {0x2a, (byte) 0xb7, 0, 8, (byte) 0xb1});
            // new self; dup; invokespecial self.<init>; areturn
            method(o, 0x0009, 9, 10, 2, 0, new byte[] {(byte) 0xbb, 0, 2, 0x59, (byte) 0xb7, 0, 11, (byte) 0xb0});
            // invokestatic binding.getInstance; invokevirtual isUseONEDNN; ireturn
            method(o, 0x0001, 12, 13, 1, 1, new byte[] {(byte) 0xb8, 0, 18, (byte) 0xb6, 0, 21, (byte) 0xac});
            o.writeShort(0); // class attributes
            o.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
    }

    private static void utf8(DataOutputStream o, String s) throws IOException {
        o.writeByte(1);
        o.writeUTF(s);
    }

    private static void ref(DataOutputStream o, int tag, int index) throws IOException {
        o.writeByte(tag);
        o.writeShort(index);
    }

    private static void pair(DataOutputStream o, int tag, int a, int b) throws IOException {
        o.writeByte(tag);
        o.writeShort(a);
        o.writeShort(b);
    }

    private static void method(DataOutputStream o, int access, int name, int descriptor, int maxStack,
            int maxLocals, byte[] code) throws IOException {
        o.writeShort(access);
        o.writeShort(name);
        o.writeShort(descriptor);
        o.writeShort(1); // one attribute: Code
        o.writeShort(22);
        o.writeInt(12 + code.length);
        o.writeShort(maxStack);
        o.writeShort(maxLocals);
        o.writeInt(code.length);
        o.write(code);
        o.writeShort(0); // exception table
        o.writeShort(0); // code attributes
    }
}
