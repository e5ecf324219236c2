using BindingConformance.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Snapshots;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Replaces_the_whole_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(folder.Path, "cell.approved.json");
        File.WriteAllText(path, "old content that is longer than the new one");

        AtomicFile.WriteAllText(path, "new");

        File.ReadAllText(path).Should().Be("new");
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void A_write_that_cannot_complete_leaves_the_target_as_it_was_and_no_temporary_file()
    {
        // A folder in the target's place makes the final rename fail after the temporary file is written.
        var path = Path.Combine(folder.Path, "cell.approved.json");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "inside"), "kept");

        var write = () => AtomicFile.WriteAllText(path, "new");

        write.Should().Throw<IOException>();
        File.ReadAllText(Path.Combine(path, "inside")).Should().Be("kept");
        Directory.GetFiles(folder.Path).Should().BeEmpty();
    }
}
