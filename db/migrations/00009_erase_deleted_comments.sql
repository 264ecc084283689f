-- Comments deleted by their author before their text was erased on deletion.
update comments set body = '' where deleted_at is not null and body <> '';
