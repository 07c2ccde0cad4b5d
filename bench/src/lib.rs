//! What the load tools share: their command line and the server's memory.

/// The value after `name` on the command line.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

/// The number after `name`, or `default`.
pub fn num(name: &str, default: u64) -> u64 {
    arg(name).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Resident memory of `pid` in MB (VmRSS); 0 when it is gone.
pub fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// CPU time used so far, in clock ticks: the machine's busy time (not idle,
/// not waiting for the disk), and of process `pid` its threads named
/// `prefix…` and all its threads.
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuTicks {
    pub machine: u64,
    pub named: u64,
    pub process: u64,
}

impl CpuTicks {
    pub fn now(pid: u32, prefix: &str) -> Self {
        let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        // cpu user nice system idle iowait irq softirq …
        let all: Vec<u64> =
            stat.lines().next().unwrap_or("").split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
        let machine = [0, 1, 2, 5, 6].iter().filter_map(|&i| all.get(i)).sum();
        let (mut named, mut process) = (0, 0);
        let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).into_iter().flatten().flatten();
        for task in tasks {
            let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else { continue };
            // pid (comm) state … utime stime: the comm may hold spaces, so split after it.
            let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { continue };
            let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
            let used: u64 = fields.get(11..13).into_iter().flatten().filter_map(|v| v.parse::<u64>().ok()).sum();
            process += used;
            if stat[open + 1..close].starts_with(prefix) {
                named += used;
            }
        }
        Self { machine, named, process }
    }

    /// What was used between `earlier` and `self`.
    pub fn since(self, earlier: Self) -> Self {
        Self {
            machine: self.machine.saturating_sub(earlier.machine),
            named: self.named.saturating_sub(earlier.named),
            process: self.process.saturating_sub(earlier.process),
        }
    }
}
