using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;

namespace BindingConformance.Tests.Runs;

/// <summary>
/// A Python executable for the Python PyTorch worker that records its PID and then becomes the worker
/// (<c>exec</c> keeps the PID), so that a test kills exactly its own worker and none of the other Python
/// workers on the machine. It also writes one stderr line naming the PID, to find in error messages.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PidRecordingPython
{
    private readonly string pidFile;

    public PidRecordingPython(string folder)
    {
        var id = Guid.NewGuid().ToString("N");
        pidFile = Path.Combine(folder, $"worker-{id}.pid");
        Executable = Path.Combine(folder, $"python-{id}.sh");
        File.WriteAllText(Executable,
            $"#!/bin/sh\necho $$ > '{pidFile}'\necho \"wrapper: worker pid $$\" >&2\nexec {ShippedWorkers.PythonExecutable} \"$@\"\n");
        File.SetUnixFileMode(Executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Executable { get; }

    /// <summary>PID of the worker started last.</summary>
    public int Pid => int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The stderr line the worker started last wrote first.</summary>
    public string StderrLine => $"wrapper: worker pid {Pid}";

    /// <summary>Sends SIGKILL to the worker started last.</summary>
    public void KillWorker() => Process.GetProcessById(Pid).Kill();

    /// <summary>Sends SIGSTOP to the worker started last: it stays alive but does nothing, as a wedged worker would.</summary>
    public void StopWorker()
    {
        using var kill = Process.Start("kill", ["-STOP", Pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -STOP {Pid} exited with {kill.ExitCode}");
    }
}
