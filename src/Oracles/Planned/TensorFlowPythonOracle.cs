using System.Diagnostics;

namespace BindingConformance.Oracles.Planned;

/// <summary>TensorFlow's default Python binding. Probed by importing <c>tensorflow</c> in the system interpreter.</summary>
public sealed class TensorFlowPythonOracle(string pythonExecutable = "/usr/bin/python3") : PlannedBindingOracle([ModelFormat.Safetensors])
{
    public override BindingDescriptor Binding { get; } = new("tensorflow-python", "tensorflow", "python", IsDefault: true);

    public override BindingAvailability Probe()
    {
        var (exitCode, output) = Run(pythonExecutable, "-c \"import tensorflow as tf; print(tf.__version__)\"");
        return exitCode == 0
            ? BindingAvailability.Absent(Binding,
                $"TensorFlow {output.Trim()} is installed but this release has no tensorflow-python worker",
                "add it as a worker binding: a worker and its manifest (README, \"Adding a binding\")")
            : BindingAvailability.Absent(Binding,
                $"Python TensorFlow is not installed ({LastLine(output)})",
                "pip install tensorflow (PyPI is not reachable on this machine)");
    }

    private static (int ExitCode, string Output) Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill(entireProcessTree: true);
            return (process.ExitCode, stdout.Result + stderr);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (-1, $"{file} cannot be started: {e.Message}");
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
}
