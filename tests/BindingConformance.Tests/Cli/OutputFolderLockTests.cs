using System.Diagnostics;
using BindingConformance.Cli;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

public sealed class OutputFolderLockTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_held_folder_is_refused_and_free_again_once_released()
    {
        var first = OutputFolderLock.Acquire(folder.Path);

        var second = () => OutputFolderLock.Acquire(folder.Path);

        second.Should().Throw<UsageException>().WithMessage($"{folder.Path} is in use by another conformance run*");
        first.Dispose();
        second.Should().NotThrow().Subject.Dispose();
    }

    [Fact]
    public async Task A_lock_left_by_a_killed_run_does_not_block_the_next_one()
    {
        // flock(1) takes the same kernel lock as .NET's FileShare.None on Linux; killing it leaves the file behind.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-x", Path.Combine(folder.Path, OutputFolderLock.FileName), "sleep", "60"]))!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!IsHeld())
            {
                DateTime.UtcNow.Should().BeBefore(deadline, "flock should have taken the lock");
                await Task.Delay(50);
            }
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }

        File.Exists(Path.Combine(folder.Path, OutputFolderLock.FileName)).Should().BeTrue("the dead run's lock file is still there");
        // flock's child (sleep) inherits the locked descriptor and dies a moment after flock itself.
        var released = DateTime.UtcNow.AddSeconds(10);
        while (IsHeld() && DateTime.UtcNow < released) await Task.Delay(50);
        IsHeld().Should().BeFalse("the kernel drops a dead process's lock");
    }

    private bool IsHeld()
    {
        try
        {
            OutputFolderLock.Acquire(folder.Path).Dispose();
            return false;
        }
        catch (UsageException)
        {
            return true;
        }
    }
}
