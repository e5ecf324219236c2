using System.Diagnostics;
using BindingConformance.Oracles.Tests.Formats;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.LibTorchCpp;

/// <summary>Runs safetensors_corpus_test.cpp (built by bootstrap.sh): the shared corpus (fixtures/formats/malformed) through the C++ reader.</summary>
public sealed class LibTorchCppSafetensorsCorpusTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("cpp-safetensors-corpus-").FullName;

    [LibTorchCppFact]
    public async Task Cpp_reader_reaches_the_expected_outcome_of_every_corpus_case()
    {
        File.Exists(ShippedWorkers.LibTorchCppCorpusTest).Should().BeTrue("bootstrap.sh builds the corpus test beside the worker");
        var info = new ProcessStartInfo(ShippedWorkers.LibTorchCppCorpusTest, [WeightFileCorpus.Folder, scratch])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var test = Process.Start(info)!;
        var output = test.StandardOutput.ReadToEndAsync();
        var errors = test.StandardError.ReadToEndAsync();
        await test.WaitForExitAsync();

        // One check per case, one more per rejected case (its message names the file), the three bounds and the case count.
        var cases = WeightFileCorpus.Load().Cases.Where(c => c.Format == "safetensors").ToArray();
        var checks = cases.Length + cases.Count(c => c.Expected == "rejected") + 4;
        test.ExitCode.Should().Be(0, await output + await errors);
        (await output).Should().Contain($"# pass {checks}").And.Contain("# fail 0");
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);
}
