package zdmtest

import (
	"net/http"
	"strconv"
	"strings"
)

// A recovery registration checks what it names against the world, as
// the servers do: its center and servers, its repositories, and the
// backups each partition is restored from.

// recoveryRepositoriesLocked checks the repositories of a registration
// (the top-level one and those of jobList items): IDs of the center's
// repositories, or (the draft API) a path one of them has.
func (s *Server) recoveryRepositoriesLocked(b *createBody, center string) *problem {
	check := func(r *repoBody) *problem {
		switch {
		case r == nil:
		case r.ID != nil:
			if rp := s.repoLocked(*r.ID); rp == nil || rp.spec.Center != center {
				p := s.repositoryNotFound(strconv.Itoa(*r.ID), center)
				return &p
			}
		case r.Path != "":
			for _, rp := range s.reposOfLocked(center) {
				if rp.spec.RemotePath == r.Path || rp.spec.LocalPath == r.Path {
					return nil
				}
			}
			p := s.repositoryMissing("path '"+r.Path+"'", "경로 '"+r.Path+"'", center)
			return &p
		}
		return nil
	}
	if p := check(b.Repository); p != nil {
		return p
	}
	for _, it := range b.JobList {
		if p := check(it.Repository); p != nil {
			return p
		}
	}
	return nil
}

// partitionNotFound is the 404 for a partition a server lacks
// (JOB-ERROR-13).
func partitionNotFound(what, part, server string) problem {
	return problem{status: http.StatusNotFound, code: "JOB-ERROR-13", msg: text{
		en: what + " '" + part + "' not found on server '" + server + "'",
		ko: "서버 '" + server + "'에서 파티션 '" + part + "'을(를) 찾을 수 없습니다"}}
}

// recoveryRowsLocked checks each row of a registration against the
// world: its source partition is the source server's, its target one
// the target's (a mount point, drive or device), and the backup it is
// restored from exists: a backupFile is an image of that partition of
// the source, a backupJob a backup job of it; 3.0.0 refuses a job whose
// last run failed or that never ran. A row naming neither takes the
// newest backup: 1.x/2.x (as 2.0.2 does) and 3.0.0 skip a partition
// that has none, with a notice. It returns the rows kept and the
// notices of those skipped.
func (s *Server) recoveryRowsLocked(rows []PartitionSpec, src, tgt *serverRow) ([]PartitionSpec, []string, *problem) {
	var kept []PartitionSpec
	var skipped []string
	v3 := s.cfg.dialect == DialectV3
	for _, r := range rows {
		part := normalizePartition(r.name())
		if src.volume(part) == nil {
			p := partitionNotFound("Partition", part, src.spec.Name)
			return nil, nil, &p
		}
		if !tgt.hasTarget(r.target()) {
			p := partitionNotFound("Target partition", r.target(), tgt.spec.Name)
			return nil, nil, &p
		}
		switch {
		case r.BackupFile != "":
			im := s.imageOfLocked(src, r.BackupFile)
			if im == nil {
				p := s.imageNotFound(r.BackupFile, src.spec.Name)
				return nil, nil, &p
			}
			if p := s.imageFits(im, part, r.BackupJob); p != nil {
				return nil, nil, p
			}
			if v3 && s.latestImageLocked(im.job) == im {
				if p := s.unusable(im.job); p != nil {
					return nil, nil, p
				}
			}
			r.BackupJob = im.job.name
		case r.BackupJob != "":
			j := s.backupOfLocked(src, part, r.BackupJob)
			if j == nil {
				p := problem{status: http.StatusNotFound, code: "JOB-ERROR-01", msg: text{
					en: "Backup job '" + r.BackupJob + "' not found for partition '" + part + "' on server '" + src.spec.Name + "'",
					ko: "서버 '" + src.spec.Name + "'의 파티션 '" + part + "'에 대한 Backup 작업 '" + r.BackupJob + "'을(를) 찾을 수 없습니다"}}
				return nil, nil, &p
			}
			if v3 {
				if p := s.unusable(j); p != nil {
					return nil, nil, p
				}
			}
		case s.cfg.dialect != DialectDraft:
			if reason := s.noBackupLocked(src, part); reason != "" {
				skipped = append(skipped, "Partition/drive '"+part+"' was skipped — no backup available: "+reason)
				continue
			}
		}
		kept = append(kept, r)
	}
	return kept, skipped, nil
}

// hasTarget reports whether a target partition names one of the
// server's volumes, by mount point, drive or device.
func (sv *serverRow) hasTarget(p string) bool {
	if sv.volume(p) != nil {
		return true
	}
	for _, v := range sv.spec.Partitions {
		if v.Device == p {
			return true
		}
	}
	return false
}

// imageOfLocked is the source server's image of that name (".ZIA"
// optional), or nil.
func (s *Server) imageOfLocked(src *serverRow, name string) *imageRow {
	for _, im := range s.images {
		if im.server == src.spec.Name && im.center == src.spec.Center &&
			(im.spec.Name == name || strings.TrimSuffix(im.spec.Name, ".ZIA") == strings.TrimSuffix(name, ".ZIA")) {
			return im
		}
	}
	return nil
}

// imageNotFound is the 404 for a backupFile the source has no image of.
func (s *Server) imageNotFound(name, server string) problem {
	return problem{status: http.StatusNotFound, code: "JOB-ERROR-01", msg: text{
		en: "Backup image '" + name + "' not found for server '" + server + "'",
		ko: "백업 이미지가 존재하지 않음 (Server: " + server + ", Image: " + name + ")"}}
}

// imageFits is the 400 for an image of another partition, or of
// another backup job than the one named.
func (s *Server) imageFits(im *imageRow, part, job string) *problem {
	msg := ""
	switch {
	case im.part != part:
		msg = "Backup image '" + im.spec.Name + "' is of partition '" + im.part + "', not '" + part + "'"
	case job != "" && job != im.job.name:
		msg = "Backup image '" + im.spec.Name + "' was written by backup job '" + im.job.name + "', not '" + job + "'"
	default:
		return nil
	}
	return &problem{status: http.StatusBadRequest, code: "BAD_REQUEST", msg: text{en: msg}}
}

// latestImageLocked is a backup job's newest image, or nil.
func (s *Server) latestImageLocked(j *Job) *imageRow {
	var last *imageRow
	for _, im := range s.images {
		if im.job == j && (last == nil || !im.spec.CreatedAt.Before(last.spec.CreatedAt)) {
			last = im
		}
	}
	return last
}

// backupOfLocked is the source server's backup job of that name for a
// partition, or nil.
func (s *Server) backupOfLocked(src *serverRow, part, name string) *Job {
	for _, j := range s.backups.byName[name] {
		if j.spec.Source.Name == src.spec.Name && j.spec.Center == src.spec.Center && j.partOf() == part {
			return j
		}
	}
	return nil
}

// unusable is 3.0.0's 400 (JOB-ERROR-67) for a backup job whose last run
// failed or that never ran, or nil.
func (s *Server) unusable(j *Job) *problem {
	why := ""
	switch last := s.lastRunLocked(j); {
	case last == nil:
		why = "it has never run"
	case last.Result != HistoryComplete:
		why = "its last run failed"
	default:
		return nil
	}
	return &problem{status: http.StatusBadRequest, code: "JOB-ERROR-67", msg: text{en: "[Recovery registration] - Backup job '" + j.name +
		"' cannot be used for recovery because " + why + " (server: " + j.spec.Source.Name + ", partition: " + j.partOf() +
		"). Re-run the backup job, or specify an older image with 'backupFile'."}}
}

// noBackupLocked is why a partition of the source has no backup to
// restore from ("" when it has one): on 3.0.0 a backup job whose last
// run succeeded and wrote an image, before, one with an image.
func (s *Server) noBackupLocked(src *serverRow, part string) string {
	var jobs, failed, never []string
	for _, j := range s.backups.sorted(false) {
		if j.spec.Source.Name != src.spec.Name || j.spec.Center != src.spec.Center || j.partOf() != part {
			continue
		}
		jobs = append(jobs, j.name)
		last := s.lastRunLocked(j)
		switch {
		case s.latestImageLocked(j) == nil && last == nil:
			never = append(never, j.name)
		case s.latestImageLocked(j) == nil:
			failed = append(failed, j.name)
		case s.cfg.dialect == DialectV3 && last.Result != HistoryComplete:
			failed = append(failed, j.name)
		default:
			return ""
		}
	}
	switch {
	case s.cfg.dialect != DialectV3:
		return "Backup job not found for partition '" + part + "' on server '" + src.spec.Name + "'"
	case len(jobs) == 0:
		return "Partition '" + part + "' has no backup job."
	case len(never) > 0 && len(failed) == 0:
		return "Partition '" + part + "' has no usable backup job — the backup job is registered but has never run (jobs: " + strings.Join(never, ", ") + ")."
	}
	return "Partition '" + part + "' has no usable backup job — the last run failed for every backup job (jobs: " + strings.Join(append(failed, never...), ", ") + ")."
}

// nothingLeft is the answer to a registration left with no partition:
// 3.0.0's 400 JOB-ERROR-14, older servers' 404 JOB-ERROR-01, with the
// reasons.
func (s *Server) nothingLeft(reasons []string) problem {
	why := ""
	if len(reasons) > 0 {
		why = " Reason(s): " + strings.Join(reasons, " ")
	}
	if s.cfg.dialect == DialectV3 {
		return problem{status: http.StatusBadRequest, code: "JOB-ERROR-14", msg: text{en: "[Recovery registration] No partitions left to register — every candidate partition was excluded." + why}}
	}
	return problem{status: http.StatusNotFound, code: "JOB-ERROR-01", msg: text{en: "No partitions left to register." + why, ko: "등록할 파티션이 없습니다." + why}}
}
