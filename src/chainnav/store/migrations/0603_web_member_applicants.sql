-- Web platform, version 4: each summary member row carries its holders' names ("; "-joined in filing
-- order), so the node page's patent lists need no scan of party per request.
ALTER TABLE web_member ADD COLUMN IF NOT EXISTS applicants VARCHAR;
