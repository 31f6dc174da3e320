package dev.calloutcomes.benchmarks;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent (async-profiler) into a running JVM, so that a profile covers the steady
 * state only, not start-up and JIT warm-up:
 *
 * <pre>
 * java -cp examples/benchmarks/target/benchmarks.jar dev.calloutcomes.benchmarks.AttachAgent \
 *   PID /tmp/ap/linux-x64/libasyncProfiler.so start,event=cpu,interval=1ms,file=/tmp/server.collapsed,collapsed,timeout=15
 * </pre>
 *
 * ({@code jcmd PID JVMTI.agent_load} splits the options at their commas.)
 */
public final class AttachAgent {
    private AttachAgent() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: AttachAgent PID AGENT_PATH OPTIONS");
            System.exit(2);
        }
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
