using System.Diagnostics;
using System.Text.Json.Nodes;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.LibTorchCpp;

/// <summary>
/// Runs harness_random_test.cpp (built by bootstrap.sh): the C++ worker's harness generator against the shared test vectors
/// of <c>fixtures/randomness/vectors.json</c> (written by the reference implementation <c>make_vectors.py</c>), which
/// <c>test_harness_random.py</c> and <see cref="TorchSharp.TorchSharpHarnessRandomTests"/> run too, and its sites numbered as Python's.
/// </summary>
public sealed class LibTorchCppHarnessRandomTests
{
    private static readonly string VectorsPath = Path.Combine(AppContext.BaseDirectory, "Randomness", "vectors.json");

    [LibTorchCppFact]
    public async Task Cpp_generator_draws_the_vectors_and_its_dropout_drops_their_elements()
    {
        File.Exists(ShippedWorkers.LibTorchCppHarnessRandomTest).Should().BeTrue("bootstrap.sh builds the vector test beside the worker");
        var info = new ProcessStartInfo(ShippedWorkers.LibTorchCppHarnessRandomTest, [VectorsPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var test = Process.Start(info)!;
        var output = test.StandardOutput.ReadToEndAsync();
        var errors = test.StandardError.ReadToEndAsync();
        await test.WaitForExitAsync();

        // Per case: keys, the scalar draws and the tensor draws of its indices, and where elements 0..max fit in memory the
        // whole draw's bits and uniforms; then the dropout's three checks and the site numbering.
        var cases = JsonNode.Parse(File.ReadAllText(VectorsPath))!["cases"]!.AsArray();
        var whole = cases.Count(c => c!["indices"]!.AsArray().Max(i => i!.GetValue<long>()) < 1_000_000);
        var checks = 3 * cases.Count + 2 * whole + 4;
        test.ExitCode.Should().Be(0, await output + await errors);
        (await output).Should().Contain($"# pass {checks}").And.Contain("# fail 0");
    }
}
