using System.Diagnostics;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.PythonTorch;

/// <summary>
/// Runs the Python unit tests of the worker's weight-file writers and readers: test_weight_files.py, and
/// test_malformed_corpus.py, which runs the shared corpus (fixtures/formats/malformed) through the readers; and of its
/// harness generator: test_harness_random.py, against the shared test vectors (fixtures/randomness).
/// </summary>
public sealed class PythonWeightFileTests
{
    [Theory]
    [InlineData("test_weight_files", 7)]
    [InlineData("test_malformed_corpus", 3)]
    [InlineData("test_harness_random", 4)]
    public async Task Python_weight_file_unit_tests_pass(string module, int tests)
    {
        var info = new ProcessStartInfo(ShippedWorkers.PythonExecutable, ["-m", "unittest", "-v", module])
        {
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "PythonTorch"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PYTHONPATH"] = ProductPaths.WorkerScript("PythonTorch");
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();

        // unittest reports each test and its failures on stderr.
        python.ExitCode.Should().Be(0, await errors + await output);
        (await errors).Should().Contain($"Ran {tests} tests").And.Contain("OK");
    }
}
