      const body = passwordHash
        ? {
            email_address: [email],
            external_id: localId,
            password_hasher: 'scrypt_firebase',
            password_digest: `${passwordHash}$${salt}$${signerKey}$${saltSeparator}$${rounds}$${memoryCost}`,
          }
        : {
            email_address: [email],
            external_id: localId,
            skip_password_requirement: true,
          }
