using System.Diagnostics;
using BindingConformance.Oracles.Tests.Formats;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Tfjs;

/// <summary>Runs safetensors_corpus.test.mjs: the shared corpus (fixtures/formats/malformed) through the Node reader.</summary>
public sealed class TfjsSafetensorsCorpusTests
{
    [TfjsFact]
    public async Task Node_reader_reaches_the_expected_outcome_of_every_corpus_case()
    {
        var info = new ProcessStartInfo(ShippedWorkers.NodeExecutable, ["--test", "safetensors_corpus.test.mjs"])
        {
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "Tfjs"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        // node --test prints TAP on stdout: every case, then the totals. Two tests check the bounds and the case count.
        var cases = WeightFileCorpus.Load().Cases.Count(c => c.Format == "safetensors");
        node.ExitCode.Should().Be(0, await output + await errors);
        (await output).Should().Contain($"# pass {cases + 2}").And.Contain("# fail 0");
    }
}
