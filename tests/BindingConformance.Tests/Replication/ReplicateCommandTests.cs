using System.Text.Json;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Replication;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Replication;

public sealed class ReplicateCommandTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync([new ReplicateCommand()], args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Prints_a_markdown_table_and_writes_json_rows()
    {
        var jsonPath = Path.Combine(Path.GetTempPath(), $"replicate-{Guid.NewGuid():N}.json");
        try
        {
            var (code, stdout, stderr) = await Run("replicate", "--data", StudyResultsReader.PublishedData, "--json", jsonPath);

            code.Should().Be(0, stderr);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines[0].Should().StartWith("| Framework | Model | Binding |");
            lines.Should().Contain(l => l.StartsWith("| pytorch | lenet1 | dotnet | 1030.7 | 222.4 | 0.007937 |"));

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath));
            json.RootElement.GetArrayLength().Should().Be(lines.Length - 2);
            var row = json.RootElement.EnumerateArray().Single(r =>
                r.GetProperty("framework").GetString() == "pytorch" && r.GetProperty("model").GetString() == "lenet1"
                && r.GetProperty("binding").GetString() == "dotnet");
            foreach (var key in new[] { "train_time_median_default", "train_time_median", "mwu_p", "mwu_p_adjusted", "cliffs_delta",
                         "magnitude", "dtw_max_normalized", "fastdtw_max_normalized" })
                row.TryGetProperty(key, out _).Should().BeTrue(key);
            row.GetProperty("magnitude").GetString().Should().Be("large");
            // scipy 1.10.1: mannwhitneyu(py_times, dotnet_times) -> p = 0.007936507936507936
            row.GetProperty("mwu_p").GetDouble().Should().BeApproximately(0.007936507936507936, 1e-15);
        }
        finally
        {
            File.Delete(jsonPath);
        }
    }

    [Fact]
    public async Task Missing_data_folder_exits_2()
    {
        var (code, _, stderr) = await Run("replicate", "--data", "/nonexistent/study");

        code.Should().Be(2);
        stderr.Trim().Should().Be("error: results folder '/nonexistent/study' does not exist");
    }

    [Fact]
    public async Task Without_data_it_analyses_the_studys_results_vendored_in_the_checkout()
    {
        var (code, stdout, stderr) = await Run("replicate");

        code.Should().Be(0, stderr);
        StudyResultsReader.PublishedData.Should().StartWith(Oracles.ProductPaths.Root).And.EndWith(Path.Combine("reference", "cmpmlbindings", "data"));
        stdout.Split('\n').Should().Contain(l => l.StartsWith("| pytorch | lenet1 | dotnet | 1030.7 | 222.4 | 0.007937 |"));
    }

    [Fact]
    public void The_vendored_results_hold_only_what_the_analysis_reads()
    {
        var names = Directory.EnumerateFiles(StudyResultsReader.PublishedData, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray();

        names.Should().HaveCount(547).And.OnlyContain(n =>
            n!.StartsWith("training_errors_") || n.StartsWith("testing_errors_") || n.StartsWith("time_cost_") || n.StartsWith("deploy_eval_"));
        File.Exists(Path.Combine(StudyResultsReader.PublishedData, "..", "NOTICE.md")).Should().BeTrue("the data says where it came from");
    }

    [Fact]
    public async Task Json_naming_a_folder_is_a_usage_error()
    {
        var (code, stdout, stderr) = await Run("replicate", "--json", Path.GetTempPath());

        code.Should().Be(2);
        stderr.Trim().Should().Be($"error: --json {Path.GetTempPath()} is a folder; give a file name");
        stdout.Should().BeEmpty();
    }
}
